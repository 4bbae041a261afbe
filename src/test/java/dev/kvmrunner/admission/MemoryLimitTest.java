package dev.kvmrunner.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How many groups' domains fit in memory. */
class MemoryLimitTest {
    @Test
    void groupsFitInThreeQuartersOfTheMemory() {
        // 24 GiB, 3/4 of it 18,432 MiB; busybox guests under TCG (224 MiB), 3 to a group: 18,432 / 672 = 27.4
        assertThat(MemoryLimit.groups(24576, 224, 3)).isEqualTo(27);
        // libreswan's guests of 2 GiB and QEMU's own, 5 to a group: 18,432 / (2,144 x 5) = 1.7
        assertThat(MemoryLimit.groups(24576, 2144, 5)).isEqualTo(1);
        assertThat(MemoryLimit.groups(65536, 2144, 5)).isEqualTo(4);
    }

    @Test
    void oneGroupAlwaysRunsHoweverLittleMemoryThereIs() {
        assertThat(MemoryLimit.groups(100, 2144, 5)).isEqualTo(1);
        assertThat(MemoryLimit.groups(0, 1, 1)).isEqualTo(1);
    }

    @Test
    void aDomainWithoutMemoryIsAMistake() {
        assertThatThrownBy(() -> MemoryLimit.groups(1024, 0, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
