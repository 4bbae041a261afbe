package dev.kvmrunner.suite;

/**
 * The machine that plays a host in a test: the host role built for one platform, named
 * {@code <platform><host>} as libreswan names them ({@code netbsdeast}, {@code linuxwest}).
 * When the suite's hosts have no platforms (a plain host list) the platform is "" and the
 * guest's name is the host's name.
 */
public record Guest(String platform, String host) implements Comparable<Guest> {

    public Guest {
        if (platform == null || host == null || host.isEmpty()) {
            throw new IllegalArgumentException("guest needs a platform (may be empty) and a host");
        }
    }

    /** A guest of a suite without platforms. */
    public static Guest of(String host) {
        return new Guest("", host);
    }

    public String name() {
        return platform + host;
    }

    /** Guests sort by name, as libreswan sorts them. */
    @Override
    public int compareTo(Guest other) {
        return name().compareTo(other.name());
    }

    @Override
    public String toString() {
        return name();
    }
}
