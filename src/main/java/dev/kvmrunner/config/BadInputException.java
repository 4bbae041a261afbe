package dev.kvmrunner.config;

/**
 * The user's input is wrong (a flag, a TESTLIST line, a config file, a missing file).
 * The message is complete and names the file and line where there is one; the CLI prints it
 * as is and exits with status 2.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A message of the form {@code FILE:LINE: what is wrong}. */
    public static BadInputException at(java.nio.file.Path file, int line, String what) {
        return new BadInputException(file + ":" + line + ": " + what);
    }
}
