package dev.kvmrunner.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {

    private static Verdict.Builder started() {
        return Verdict.builder(List.of("east", "west")).passed();
    }

    @Test
    void resultOnlyGetsWorse() {
        assertThat(started().build().result()).isEqualTo(Result.PASSED);
        assertThat(started().failed().build().result()).isEqualTo(Result.FAILED);
        assertThat(started().failed().unresolved().build().result()).isEqualTo(Result.UNRESOLVED);
        assertThat(started().unresolved().failed().build().result()).isEqualTo(Result.UNRESOLVED);
        assertThat(started()
                        .atLeast(Result.FAILED)
                        .atLeast(Result.PASSED)
                        .build()
                        .result())
                .isEqualTo(Result.FAILED);
    }

    @Test
    void untestedAndPassedOnlyStartAVerdict() {
        assertThat(Verdict.builder(List.of("east")).untested().build().result()).isEqualTo(Result.UNTESTED);
        assertThatThrownBy(() -> started().passed()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Verdict.builder(List.of()).untested().failed())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Verdict.builder(List.of()).untested().unresolved())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Verdict.builder(List.of()).failed()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Verdict.builder(List.of()).build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void issuesDoNotChangeTheResult() {
        Verdict verdict = started().issue("east", Issue.EXPECTATION).build();
        assertThat(verdict.result()).isEqualTo(Result.PASSED);
        assertThat(verdict).hasToString("passed east:EXPECTATION");
    }

    @Test
    void toBuilderKeepsEverythingSoTheRunnerCanAddIssues() {
        Verdict judged = started()
                .failed()
                .issue("west", Issue.OUTPUT_DIFFERENT)
                .diff("west", List.of("-a", "+b"))
                .sanitizedOutput("west", "b\n")
                .build();
        Verdict more =
                judged.toBuilder().issue("east", Issue.BOOT_FAILED).unresolved().build();
        assertThat(more.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(more.issues()).hasToString("east:boot-failed west:output-different");
        assertThat(more.diff("west")).containsExactly("-a", "+b");
        assertThat(more.diff("east")).isEmpty();
        assertThat(more.sanitizedOutput("west")).contains("b\n");
        assertThat(Result.UNRESOLVED).hasToString("unresolved");
        assertThat(Result.parse("untested")).isEqualTo(Result.UNTESTED);
    }
}
