package dev.kvmrunner.doctor;

/**
 * One thing a backend needs from the machine, as data: what it is, how to test for it, and the
 * command that installs it.
 *
 * @param backend  the backend that needs it ("process", "netns", "qemu", "libvirt")
 * @param name     what is checked, as the user knows it (a program, "root", a device)
 * @param probe    how to test for it
 * @param fix      what makes it present, e.g. {@code apt-get install iproute2}
 * @param required false for things only some suites use (the example suites' tools)
 */
public record Prerequisite(String backend, String name, Probe probe, String fix, boolean required) {

    /** How a prerequisite is tested. */
    public sealed interface Probe {
    }

    /** A program on PATH (or in /usr/sbin, /sbin, which root's PATH has). */
    public record Program(String program) implements Probe {
    }

    /** The runner is root. */
    public record Root() implements Probe {
    }

    /** A file or device exists, e.g. /dev/kvm. */
    public record FileExists(String path) implements Probe {
    }

    static Prerequisite required(String backend, Probe probe, String name, String fix) {
        return new Prerequisite(backend, name, probe, fix, true);
    }

    static Prerequisite optional(String backend, Probe probe, String name, String fix) {
        return new Prerequisite(backend, name, probe, fix, false);
    }
}
