package dev.kvmrunner.domain;

import java.util.List;
import java.util.Optional;

/**
 * One thing a backend needs from the machine, as data: what it is, how to test for it, and
 * what makes it present.
 *
 * @param backend  the name of the backend that needs it
 * @param name     what is checked, as the user knows it (a program, "root", a device)
 * @param probe    how to test for it
 * @param debianPackage the Debian package that provides it; empty when no package does (root,
 *                 a kernel feature): then {@code manualFix} says what to do
 * @param manualFix what to do when no package provides it; empty when a package does
 * @param required false for things only some suites use (the example suites' tools)
 */
public record Prerequisite(
        String backend, String name, Probe probe, Optional<String> debianPackage, String manualFix, boolean required) {

    /** How a prerequisite is tested. */
    public sealed interface Probe {}

    /** A program on PATH (or in /usr/sbin, /sbin, which root's PATH has). */
    public record Program(String program) implements Probe {}

    /** The runner is root. */
    public record Root() implements Probe {}

    /** A file or device exists, e.g. /dev/kvm. */
    public record FileExists(String path) implements Probe {}

    /** Whether this process runs as root (its real uid is 0). */
    public static boolean runsAsRoot() {
        List<String> uids = ProcessTree.status(ProcessHandle.current().pid(), "Uid");
        return uids.size() > 1 && uids.get(1).equals("0"); // the effective uid
    }

    /** What makes it present, as one line for the user: {@code apt-get install iproute2}, or the manual fix. */
    public String fix() {
        return debianPackage.map(p -> "apt-get install " + p).orElse(manualFix);
    }

    public static Prerequisite required(String backend, Probe probe, String name, String debianPackage) {
        return new Prerequisite(backend, name, probe, Optional.of(debianPackage), "", true);
    }

    public static Prerequisite optional(String backend, Probe probe, String name, String debianPackage) {
        return new Prerequisite(backend, name, probe, Optional.of(debianPackage), "", false);
    }

    public static Prerequisite manual(String backend, Probe probe, String name, String fix, boolean required) {
        return new Prerequisite(backend, name, probe, Optional.empty(), fix, required);
    }
}
