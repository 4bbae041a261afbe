package dev.kvmrunner.judge.sed;

/**
 * A sed script uses something the in-process interpreter does not run exactly like GNU sed
 * (a command, flag, address form or regular expression construct); the script then runs as
 * the real program. Also thrown for scripts GNU sed would reject, so that its own error
 * message is what the user sees.
 */
public final class UnsupportedSedException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnsupportedSedException(String reason) {
        super(reason, null, false, false);
    }
}
