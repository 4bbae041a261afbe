package dev.kvmrunner.timeouts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What is left of a deadline, and waits that end by it. */
class DeadlineTest {
    @Test
    void aPassedDeadlineHasNothingLeft() {
        Deadline deadline = Deadline.of(Duration.ZERO);
        assertThat(deadline.expired()).isTrue();
        assertThat(deadline.remaining()).isEqualTo(Duration.ZERO);
        assertThat(deadline.millisLeftAtLeastOne()).isEqualTo(1);
        assertThat(deadline.remainingAtLeastAMillisecond()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void aFutureDeadlineCountsDown() {
        Deadline deadline = Deadline.of(Duration.ofHours(1));
        assertThat(deadline.expired()).isFalse();
        assertThat(deadline.remaining()).isGreaterThan(Duration.ofMinutes(59)).isLessThanOrEqualTo(Duration.ofHours(1));
        assertThat(deadline.timeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void noDeadlineNeverExpires() {
        assertThat(Deadline.none().expired()).isFalse();
        assertThat(Deadline.none().nanosLeft()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void waitingForAProcessEndsAtTheDeadline() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            long t0 = System.nanoTime();
            assertThat(Deadline.of(Duration.ofMillis(200)).waitFor(sleep)).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        } finally {
            sleep.destroyForcibly();
        }
        assertThat(Deadline.of(Duration.ofSeconds(10)).waitFor(sleep)).isTrue();
    }
}
