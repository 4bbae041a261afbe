package dev.kvmrunner.judge;

/**
 * The sanitizer pipeline failed: a tool exited non-zero, wrote to stderr, could not be
 * started, or the pipeline timed out. The message says which and includes the tools' stderr.
 * This is the test's (or its sanitizers') problem: the verdict records sanitizer-failed.
 */
public class SanitizerException extends Exception {
    private static final long serialVersionUID = 1L;

    public SanitizerException(String message) {
        super(message);
    }

    public SanitizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
