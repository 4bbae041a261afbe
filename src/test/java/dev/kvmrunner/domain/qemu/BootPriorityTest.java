package dev.kvmrunner.domain.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kvmrunner.testing.Await;
import dev.kvmrunner.testing.RequiresTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The two priorities of a guest, on real processes in sessions of their own. */
class BootPriorityTest {
    @Test
    @RequiresTools({"setsid", "sleep"})
    void aBootingProcessGetsTheLowerPriorityAndARunningOneTheNormalOne() throws Exception {
        assumeTrue(
                Files.readString(Path.of("/proc/sys/kernel/sched_autogroup_enabled"))
                        .trim()
                        .equals("1"),
                "the kernel schedules without autogroups (kernel.sched_autogroup_enabled is 0)");
        // neither nice is negative: any user may set them on their own processes
        assertThat(BootPriority.available())
                .as(
                        "setsid and autogroups, but: %s",
                        BootPriority.unavailableBecause().orElse(""))
                .isTrue();
        String ownBefore = autogroup(ProcessHandle.current().pid());
        Process guest = new ProcessBuilder("setsid", "sleep", "30").start();
        try {
            long pid = guest.pid();
            // setsid execs sleep in a session of its own, with the pid it was started with
            Await.until(
                    "setsid to start its own session",
                    Duration.ofSeconds(10),
                    () -> dev.kvmrunner.domain.ProcessTree.sessionOf(pid) == pid);
            BootPriority.booting(pid);
            assertThat(autogroup(pid)).endsWith("nice " + BootPriority.BOOTING_NICE);
            BootPriority.running(pid);
            assertThat(autogroup(pid)).endsWith("nice 0");
        } finally {
            guest.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(autogroup(ProcessHandle.current().pid())).isEqualTo(ownBefore);
    }

    @Test
    @RequiresTools({"setsid", "sleep"})
    void aProcessStillInTheRunnersSessionIsLeftAlone() throws Exception {
        assumeTrue(
                BootPriority.available(),
                "guests cannot be given priorities here: "
                        + BootPriority.unavailableBecause().orElse(""));
        String ownBefore = autogroup(ProcessHandle.current().pid());
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            // its autogroup is the runner's: lowering it would lower the runner's own
            BootPriority.booting(child.pid());
            assertThat(autogroup(child.pid())).isEqualTo(ownBefore);
            assertThat(autogroup(ProcessHandle.current().pid())).isEqualTo(ownBefore);
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String autogroup(long pid) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), "autogroup"))
                .trim();
    }
}
