package dev.kvmrunner.domain.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.domain.ExternalCommand;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The netns backend's commands time out (they used to read output to EOF first, so the timeout never fired). */
class CommandsTimeoutTest {
    @Test
    void aHangingCommandFailsAtItsDeadline() {
        long t0 = System.nanoTime();
        assertThatThrownBy(
                        () -> new Commands(Duration.ofSeconds(1)).run(List.of("sh", "-c", "echo partial; sleep 600")))
                .isInstanceOf(NetnsException.class)
                .hasMessageContaining("no answer after 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void statusAndMergedOutputComeBack() {
        ExternalCommand.Outcome outcome =
                new Commands(Duration.ofSeconds(30)).run(List.of("sh", "-c", "echo out; echo err >&2; exit 2"));
        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.stdout()).isEqualTo("out\nerr\n");
    }
}
