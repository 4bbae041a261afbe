package dev.kvmrunner.console;

/** The console did not behave: base class for a timeout or a lost console. */
public abstract class ConsoleException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String recentOutput;

    protected ConsoleException(String message, String recentOutput) {
        super(message);
        this.recentOutput = recentOutput;
    }

    /** The last characters the console showed; shown as {@code <nothing>} when empty. */
    public String recentOutput() {
        return recentOutput.isEmpty() ? "<nothing>" : recentOutput;
    }
}
