package dev.kvmrunner.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** /proc/meminfo's fields, in MiB. */
class MemoryTest {
    private static final List<String> MEMINFO = List.of(
            "MemTotal:       24568328 kB", "MemFree:          812344 kB", "MemAvailable:   20971520 kB", "Bogus: x kB");

    @Test
    void aFieldIsReadInMib() {
        assertThat(Memory.fieldMiB(MEMINFO, "MemTotal")).hasValue(23992);
        assertThat(Memory.fieldMiB(MEMINFO, "MemAvailable")).hasValue(20480);
    }

    @Test
    void aMissingOrUnreadableFieldIsEmptyNotZero() {
        assertThat(Memory.fieldMiB(MEMINFO, "SwapTotal")).isEmpty();
        assertThat(Memory.fieldMiB(MEMINFO, "Bogus")).isEmpty();
        assertThat(Memory.fieldMiB(List.of("MemTotal: 1024"), "MemTotal"))
                .as("no unit")
                .isEmpty();
    }

    @Test
    void thisMachineHasSomeMemoryAvailableAndNoMoreThanItHas() {
        // /proc/meminfo exists wherever the tests run (Linux)
        assertThat(Memory.totalMiB()).isPresent();
        assertThat(Memory.availableMiB().orElseThrow())
                .isPositive()
                .isLessThanOrEqualTo(Memory.totalMiB().orElseThrow());
    }
}
