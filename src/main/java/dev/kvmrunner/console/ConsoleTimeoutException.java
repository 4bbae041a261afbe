package dev.kvmrunner.console;

import java.time.Duration;

/** What was expected did not appear on the console in time. */
public final class ConsoleTimeoutException extends ConsoleException {
    private static final long serialVersionUID = 1L;

    public ConsoleTimeoutException(String what, Duration timeout, String recentOutput) {
        super("timed out after " + timeout.toMillis() / 1000.0 + " s waiting for " + what, recentOutput);
    }
}
