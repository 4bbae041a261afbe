package dev.kvmrunner.timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every wait is scaled by the one factor. */
class TimeoutsTest {
    @Test
    void theScaleMultipliesTheSuitesTimeoutsAndTheFixedWaits() {
        Timeouts plain = Timeouts.of(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(10));
        Timeouts doubled = plain.withScale(2.0);
        assertThat(doubled.bootTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(doubled.commandTimeout()).isEqualTo(Duration.ofSeconds(240));
        assertThat(doubled.shutdownTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(doubled.kill()).isEqualTo(plain.kill().multipliedBy(2));
        assertThat(doubled.localCommand()).isEqualTo(plain.localCommand().multipliedBy(2));
        assertThat(doubled.sanitizerTimeout())
                .isEqualTo(plain.sanitizerTimeout().multipliedBy(2));
        assertThat(doubled.qmp()).isEqualTo(plain.qmp().multipliedBy(2));
        assertThat(doubled.packages()).isEqualTo(plain.packages().multipliedBy(2));
    }

    @Test
    void theCommandTimeoutCanBeReplacedKeepingTheScale() {
        Timeouts timeouts = Timeouts.DEFAULTS.withScale(1.5).withCommand(Duration.ofSeconds(10));
        assertThat(timeouts.commandTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(timeouts.bootTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aScaleMustBePositive() {
        assertThatThrownBy(() -> Timeouts.DEFAULTS.withScale(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHugeTimeoutTimesEveryFactorSaturatesInsteadOfOverflowing() {
        Timeouts huge = Timeouts.of(Duration.ofSeconds(60), Duration.ofMillis(Long.MAX_VALUE), Duration.ofSeconds(10))
                .withScale(Timeouts.LARGEST_SCALE * 8);
        assertThat(huge.commandTimeout()).isEqualTo(Duration.ofDays(365));
        assertThat(huge.bootTimeout()).isEqualTo(Duration.ofSeconds(60 * 8000));
    }

    @Test
    void aUsersTimeoutIsPositiveAndAtMostAWeek() {
        assertThat(Timeouts.problemWithSeconds(0.5)).isNull();
        assertThat(Timeouts.problemWithSeconds(604800)).isNull();
        assertThat(Timeouts.problemWithSeconds(604801))
                .isEqualTo("must be a positive number of seconds up to 604800 (a week), not 604801");
        assertThat(Timeouts.problemWithSeconds(-1)).endsWith("not -1");
        assertThat(Timeouts.problemWithSeconds(1e20)).endsWith("not 1.0E20");
        assertThat(Timeouts.problemWithSeconds(Double.NaN)).endsWith("not NaN");
    }
}
