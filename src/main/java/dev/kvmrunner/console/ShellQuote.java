package dev.kvmrunner.console;

/**
 * Quotes a word for a POSIX shell (a domain's console, QEMU's {@code exec:} URIs): single
 * quotes, with each single quote written as {@code '\''}.
 */
public final class ShellQuote {
    private ShellQuote() {}

    public static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
