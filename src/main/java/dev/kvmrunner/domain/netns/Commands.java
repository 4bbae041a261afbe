package dev.kvmrunner.domain.netns;

import dev.kvmrunner.domain.ExternalCommand;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs the external commands of the backend ({@code ip}, {@code sysctl}) through
 * {@link ExternalCommand}: argument lists, output drained while waiting, a deadline; output and
 * status come back together.
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
        return run(command, TIMEOUT);
    }

    /** Runs COMMAND, killing it (and what it started) after TIMEOUT. */
    static Outcome run(List<String> command, Duration timeout) {
        try {
            ExternalCommand.Outcome outcome = ExternalCommand.run(command, null, Map.of(), null, true, timeout);
            return new Outcome(outcome.command(), outcome.status(), outcome.stdout());
        } catch (ExternalCommand.TimedOut e) {
            throw new NetnsException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetnsException("interrupted while running " + String.join(" ", command), e);
        } catch (IOException e) {
            throw new NetnsException(e.getMessage() + "; see kvmrunner doctor", e);
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
}
