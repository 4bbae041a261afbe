package dev.kvmrunner.console;

/** The console ended (the domain died or was shut down) while something was expected. */
public final class ConsoleClosedException extends ConsoleException {
    private static final long serialVersionUID = 1L;

    public ConsoleClosedException(String what, String recentOutput) {
        super("console closed while waiting for " + what, recentOutput);
    }
}
