package dev.kvmrunner.domain;

import dev.kvmrunner.config.BadInputException;
import java.util.regex.Pattern;

/** A domain's name: its group's prefix followed by the host it plays, e.g. {@code a.east}. */
public record DomainName(String prefix, String host) {
    private static final Pattern PREFIX = Pattern.compile("|[a-z0-9][a-z0-9_-]*\\.");
    private static final Pattern HOST = Pattern.compile("[a-z][a-z0-9]*");

    public DomainName {
        checkPrefix(prefix);
        if (!HOST.matcher(host).matches()) {
            throw new BadInputException("bad host name '" + host + "': expected lower-case letters and digits, starting with a letter");
        }
    }

    /** Accepts '' or a short lower-case word ending in a dot ({@code a.}, {@code b.}, {@code east1.}). */
    public static String checkPrefix(String prefix) {
        if (!PREFIX.matcher(prefix).matches() || prefix.length() > 8) {
            throw new BadInputException("bad prefix '" + prefix + "': expected '' or up to 7 lower-case letters, digits, '-' or '_' followed by '.', e.g. 'a.'");
        }
        return prefix;
    }

    @Override
    public String toString() {
        return prefix + host;
    }
}
