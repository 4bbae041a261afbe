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
        return platform.concat(host);
    }

    /** Guests sort by name, as libreswan sorts them. */
    @Override
    public int compareTo(Guest other) {
        return name().compareTo(other.name());
    }

    // Written out: a record's generated equals/hashCode bootstrap through method handles on
    // first use, which costs ~80 ms of start-up, and list must start fast.
    @Override
    public boolean equals(Object other) {
        return other instanceof Guest guest && guest.platform.equals(platform) && guest.host.equals(host);
    }

    @Override
    public int hashCode() {
        return 31 * platform.hashCode() + host.hashCode();
    }

    @Override
    public String toString() {
        return name();
    }
}
