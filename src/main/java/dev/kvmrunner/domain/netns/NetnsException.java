package dev.kvmrunner.domain.netns;

/** Setting up or tearing down a namespace, link or bridge failed: the infrastructure's fault. */
public final class NetnsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NetnsException(String message) {
        super(message);
    }

    NetnsException(String message, Throwable cause) {
        super(message, cause);
    }
}
