package dev.kvmrunner.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kvmrunner.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's own CPU use and what un-niced work outside it takes, on this machine's /proc. */
class OwnCpuTest {
    @TempDir
    Path dir;

    /** This process's nice value: field 19 of /proc/self/stat (after the parenthesised command name). */
    private static int niceValue() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.UTF_8);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    @Test
    void busyWorkOutsideTheRunIsCountedAsOthersNotAsOwn() throws IOException, InterruptedException {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "needs Linux's /proc/stat");
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        // the busy loop inherits this JVM's nice value, and niced work is by design not others' load
        assumeTrue(
                niceValue() == 0,
                "needs an un-niced JVM (run without nice): a niced busy loop is not counted as others' work");
        // a busy loop that is not the test's descendant: its shell exits, so init adopts it
        Path pidFile = dir.resolve("pid");
        Process parent = new ProcessBuilder(List.of(
                        "/bin/sh",
                        "-c",
                        "sh -c 'while :; do :; done' </dev/null >/dev/null 2>&1 & echo $! > \"$1\"",
                        "sh",
                        pidFile.toString()))
                .start();
        assertThat(parent.waitFor()).isZero();
        long pid =
                Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip());
        try {
            OwnCpu cpu = new OwnCpu();
            cpu.sample();
            Await.until("the busy loop counted as others' work", Duration.ofSeconds(20), () -> {
                try {
                    Thread.sleep(500); // a sample measures the time since the previous one
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                cpu.sample();
                // a fifth of a core at least: on a machine at load 10 on 2 cores the loop gets about that
                return cpu.others() >= 0.15;
            });
            assertThat(cpu.cores()).isLessThan(cpu.others());
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
