package dev.kvmrunner.domain;

/**
 * A domain did not come up: the infrastructure's fault, not the test's. The runner records
 * boot-failed and may retry.
 */
public final class BootException extends Exception {
    private static final long serialVersionUID = 1L;

    public BootException(String message) {
        super(message);
    }

    public BootException(String message, Throwable cause) {
        super(message, cause);
    }
}
