package dev.kvmrunner.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IssuesTest {

    @Test
    void stringIsLibreswansHostsSortedIssuesSortedByLabel() {
        Issues issues = Issues.builder()
                .add("west", Issue.OUTPUT_DIFFERENT)
                .add("east", Issue.TIMEOUT)
                .add("east", Issue.OUTPUT_TRUNCATED)
                .add("west", Issue.PRINTF_NULL)
                .add("west", Issue.ASSERTION)
                .add("east", Issue.TIMEOUT)
                .build();
        assertThat(issues).hasToString("east:output-truncated,timeout west:%NULL,ASSERTION,output-different");
        assertThat(issues.toMap())
                .containsExactly(
                        Map.entry("east", List.of("output-truncated", "timeout")),
                        Map.entry("west", List.of("%NULL", "ASSERTION", "output-different")));
    }

    @Test
    void emptyHostHasNoPrefixAndNoIssuesIsEmptyString() {
        assertThat(Issues.builder()
                        .add("", Issue.ABSENT)
                        .add("east", Issue.KERNEL)
                        .build())
                .hasToString("absent east:KERNEL");
        assertThat(Issues.none()).hasToString("");
        assertThat(Issues.none().isEmpty()).isTrue();
    }

    @Test
    void queriesByIssueAndHost() {
        Issues issues = Issues.builder()
                .add("west", Issue.TIMEOUT)
                .add("east", Issue.TIMEOUT)
                .add("east", Issue.CORE)
                .build();
        assertThat(issues.contains(Issue.TIMEOUT)).isTrue();
        assertThat(issues.contains(Issue.SEGFAULT)).isFalse();
        assertThat(issues.contains("west", Issue.CORE)).isFalse();
        assertThat(issues.hosts(Issue.TIMEOUT)).containsExactly("east", "west");
        assertThat(issues.forHost("east")).containsExactly(Issue.CORE, Issue.TIMEOUT);
        assertThat(issues.forHost("nic")).isEmpty();
        assertThat(issues.toBuilder().build()).isEqualTo(issues);
    }

    @Test
    void labelsAreLibreswans() {
        assertThat(Issue.fromLabel("output-whitespace")).contains(Issue.OUTPUT_WHITESPACE);
        assertThat(Issue.fromLabel("%NULL")).contains(Issue.PRINTF_NULL);
        assertThat(Issue.fromLabel("boot-failed")).contains(Issue.BOOT_FAILED);
        assertThat(Issue.fromLabel("nonsense")).isEmpty();
        assertThat(Issue.SEGFAULT.crashed()).isTrue();
        assertThat(Issue.KERNEL.crashed()).isFalse();
    }
}
