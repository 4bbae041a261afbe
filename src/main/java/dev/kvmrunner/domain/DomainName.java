package dev.kvmrunner.domain;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.Names;

/** A domain's name: its group's prefix followed by the host it plays, e.g. {@code a.east}. */
public record DomainName(String prefix, String host) {
    public DomainName {
        checkPrefix(prefix);
        if (!Names.isHost(host)) {
            throw new BadInputException("bad host name '" + host + "': expected " + Names.hostRule());
        }
    }

    /** Accepts '' or a short lower-case word ending in a dot ({@code a.}, {@code b.}, {@code east1.}). */
    public static String checkPrefix(String prefix) {
        if (!Names.isPrefix(prefix)) {
            throw new BadInputException("bad prefix '" + prefix + "': expected " + Names.prefixRule());
        }
        return prefix;
    }

    @Override
    public String toString() {
        return prefix + host;
    }
}
