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
}
