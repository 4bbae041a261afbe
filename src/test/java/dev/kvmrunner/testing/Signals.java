package dev.kvmrunner.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Sends a signal to a runner started by a test, as a terminal, a CI system or a user would. */
public final class Signals {
    private Signals() {}

    /**
     * Sends SIG{@code signal} (INT, TERM, HUP, USR1, KILL) to PID. Skips the test when this process ignores SIGINT or
     * SIGHUP: a background job starts with SIGINT ignored (nohup: SIGHUP), the runner inherits that and rightly keeps
     * running.
     */
    public static void send(long pid, String signal) throws IOException, InterruptedException {
        int number = switch (signal) {
            case "HUP" -> 1;
            case "INT" -> 2;
            default -> 0;
        };
        Assumptions.assumeFalse(
                number != 0 && ignored(number),
                "SIG" + signal + " is ignored in this process (a background job or nohup): the runner inherits that");
        // bash's kill builtin: /usr/bin/kill (procps) is not on every machine
        Process kill = new ProcessBuilder("bash", "-c", "kill -" + signal + " \"$1\"", "kill", Long.toString(pid))
                .inheritIO()
                .start();
        assertThat(kill.waitFor()).as("kill -" + signal + " " + pid).isZero();
    }

    /** Whether signal NUMBER is in this process's ignored set (/proc/self/status SigIgn). */
    private static boolean ignored(int number) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(
                                        line.substring("SigIgn:".length()).trim(), 16)
                                & (1L << (number - 1)))
                        != 0;
            }
        }
        return false;
    }
}
