package dev.kvmrunner.domain.netns;

import dev.kvmrunner.domain.ExternalCommand;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs the external commands of the backend ({@code ip}, {@code sysctl}) through
 * {@link ExternalCommand}, stdout and stderr together, each within the run's
 * {@code Timeouts.localCommand()}; failures become {@link NetnsException}s.
 */
final class Commands {
    private final Duration timeout;

    Commands(Duration timeout) {
        this.timeout = timeout;
    }

    /** Runs COMMAND and returns what happened (stdout holds stderr too); a command that cannot start or hangs throws. */
    ExternalCommand.Outcome run(List<String> command) {
        try {
            return ExternalCommand.run(command, null, Map.of(), null, true, timeout);
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
    String must(List<String> command) {
        ExternalCommand.Outcome outcome = run(command);
        if (!outcome.ok()) {
            throw new NetnsException(outcome.describe());
        }
        return outcome.stdout();
    }
}
