package dev.kvmrunner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shared way to run a program: status and output, a deadline that fires, nothing left running. */
class ExternalCommandTest {
    @Test
    void returnsStatusAndBothOutputs() throws Exception {
        ExternalCommand.Outcome outcome = ExternalCommand.run(
                List.of("sh", "-c", "echo out; echo err >&2; exit 3"),
                null,
                Map.of(),
                null,
                false,
                Duration.ofSeconds(30));
        assertThat(outcome.status()).isEqualTo(3);
        assertThat(outcome.stdout()).isEqualTo("out\n");
        assertThat(outcome.stderr()).isEqualTo("err\n");
        assertThat(outcome.describe()).isEqualTo("sh -c echo out; echo err >&2; exit 3 exited with status 3: out\nerr");
    }

    @Test
    void aHangingCommandIsKilledAtItsDeadline() {
        String tag = "hang-" + UUID.randomUUID();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ExternalCommand.run(
                        List.of("sleep", "600"), null, Map.of("TEST_TAG", tag), null, true, Duration.ofSeconds(1)))
                .isInstanceOf(ExternalCommand.TimedOut.class)
                .hasMessage("sleep 600: no answer after 1 s (killed)");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(ProcessTree.alive(ProcessTree.marked("TEST_TAG", tag))).isEmpty();
    }

    @Test
    void anAttachedCommandThatHangsIsKilledAtItsDeadline() {
        String tag = "attached-" + UUID.randomUUID();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ExternalCommand.runAttached(
                        List.of("sleep", "30"), Map.of("TEST_TAG", tag), Duration.ofSeconds(1)))
                .isInstanceOf(ExternalCommand.TimedOut.class)
                .hasMessage("sleep 30: no answer after 1 s (killed)");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(ProcessTree.alive(ProcessTree.marked("TEST_TAG", tag))).isEmpty();
    }

    @Test
    void anAttachedCommandReturnsItsStatus() throws Exception {
        assertThat(ExternalCommand.runAttached(List.of("sh", "-c", "exit 4"), Map.of(), Duration.ofSeconds(30)))
                .isEqualTo(4);
    }

    @Test
    void aBackgroundChildThatHoldsTheOutputOpenEndsWithTheCommand() throws Exception {
        String tag = "holder-" + UUID.randomUUID();
        long t0 = System.nanoTime();
        // the shell exits at once; its background sleep keeps stdout open and is no longer its child
        ExternalCommand.Outcome outcome = ExternalCommand.run(
                List.of("sh", "-c", "sleep 600 & echo started"),
                null,
                Map.of("TEST_TAG", tag),
                null,
                false,
                Duration.ofSeconds(30));
        assertThat(outcome.status()).isZero();
        assertThat(outcome.stdout()).isEqualTo("started\n");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        Await.until(
                "the background sleep is gone",
                Duration.ofSeconds(5),
                () -> ProcessTree.alive(ProcessTree.marked("TEST_TAG", tag)).isEmpty());
    }

    @Test
    void inputIsFedAndOutputOfAnyLengthIsRead() throws Exception {
        byte[] input = "x".repeat(1 << 20).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ExternalCommand.Outcome outcome =
                ExternalCommand.run(List.of("cat"), null, Map.of(), input, false, Duration.ofSeconds(30));
        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.stdout()).hasSize(1 << 20);
    }
}
