package dev.kvmrunner.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunInfoTest {
    @Test
    void theAcceleratorIsTheOneTheBackendUsedWhenItSaysSoElseNoneIsClaimed() {
        RunInfo qemu = RunInfo.ofRun(
                List.of(),
                "qemu",
                List.of("a."),
                2,
                Duration.ofSeconds(3),
                List.of("accel: tcg (auto)", "reset: snapshot"));
        assertThat(qemu.accelerator()).startsWith("tcg (auto); ").endsWith(RunInfo.thisMachinesAccelerator());
        assertThat(qemu.backendSettings()).containsExactly("accel: tcg (auto)", "reset: snapshot");
        RunInfo process = RunInfo.ofRun(List.of(), "process", List.of(""), 1, Duration.ofSeconds(3), List.of());
        assertThat(process.accelerator())
                .isEqualTo("none named by the process backend; this machine: " + RunInfo.thisMachinesAccelerator());
    }
}
