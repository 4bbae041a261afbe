package dev.kvmrunner.domain.netns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the external commands of the backend ({@code ip}, {@code sysctl}) from argument lists,
 * never from a shell string; output and status come back together.
 */
final class Commands {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Commands() {
    }

    /** What a command printed (stdout and stderr together) and its exit status. */
    record Outcome(List<String> command, int status, String output) {
        boolean ok() {
            return status == 0;
        }

        /** The failure as one line: the command, its status and what it said. */
        String describe() {
            return String.join(" ", command) + " exited with status " + status
                    + (output.isBlank() ? " and printed nothing" : ": " + output.strip());
        }
    }

    /** Runs COMMAND and returns what happened; a command that cannot start or hangs throws. */
    static Outcome run(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new NetnsException("cannot run " + command.get(0) + " (" + e.getMessage() + "); see kvmrunner doctor", e);
        }
        try {
            process.getOutputStream().close();
            String output = readAll(process.getInputStream());
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new NetnsException(String.join(" ", command) + " did not finish within " + TIMEOUT.toSeconds() + "s");
            }
            return new Outcome(List.copyOf(command), process.exitValue(), output);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NetnsException("interrupted while running " + String.join(" ", command), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs COMMAND; a non-zero status throws, naming the command and its output. */
    static String must(List<String> command) {
        Outcome outcome = run(command);
        if (!outcome.ok()) {
            throw new NetnsException(outcome.describe());
        }
        return outcome.output();
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
