package dev.kvmrunner.domain;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How domains are made real. The runner knows backends only through this interface and
 * {@link Domain}; adding a backend does not touch the runner.
 */
public interface Backend extends AutoCloseable {
    /** The name used by {@code --backend} and the suite config. */
    String name();

    /**
     * Creates the handle of domain NAME (not started). WORK_DIRECTORY belongs to the domain
     * and is removed by the runner after the run.
     */
    Domain domain(DomainName name, Path workDirectory);

    /**
     * How much slower this backend's domains run than the machines a suite's timeouts are
     * written for (qemu under software emulation); every boot and command timeout of a run is
     * multiplied by it. Asked once, when the run starts.
     */
    default double timeoutFactor() {
        return 1.0;
    }

    /**
     * Names what a boot costs, for the boot times the runner records per machine: a backend
     * whose boots differ by its options (qemu: the accelerator and snapshot resets) says so here.
     */
    default String costKey() {
        return name();
    }

    /**
     * Whether domains that boot yield the CPU to domains that run a test's scripts (qemu: each
     * guest's autogroup). The runner then keeps the boot pool whole beside a test that
     * computes; elsewhere it holds boots back while such a test's scripts run.
     */
    default boolean bootsYieldToTests() {
        return false;
    }

    /** Why domains that boot do not yield the CPU here, for the run's log; asked only when {@link #bootsYieldToTests} is false. */
    default String whyBootsDoNotYield() {
        return "the " + name() + " backend cannot lower a booting domain's priority";
    }

    /**
     * Whether a host's domains in every group can start from what the first boot of that host
     * prepared (qemu's shared snapshots). The runner then lets one boot of a host prepare it while
     * the same host's boots in other groups wait, instead of booting it cold in every group at once.
     */
    default boolean sharesFirstBoots() {
        return false;
    }

    /**
     * The memory, in MiB, that one of its domains takes on the machine the runner runs on (qemu:
     * the guest's memory and QEMU's own); empty where domains take little (processes, namespaces)
     * or run elsewhere (libvirt). {@code --prefixes auto} keeps the active groups within memory.
     */
    default java.util.OptionalLong domainMemoryMiB() {
        return java.util.OptionalLong.empty();
    }

    /**
     * The settings this backend used, one "key: value" line each, for the run's report header
     * (qemu: the accelerator it chose). Empty when there is nothing to say.
     */
    default java.util.List<String> describe() {
        return java.util.List.of();
    }

    /** Domain groups that outlive a run ({@link Ability#GROUP_INSTALL}); empty when the backend needs nothing installed. */
    default Optional<GroupInstaller> groupInstaller() {
        return Optional.empty();
    }

    /** The suite's install step ({@link Ability#SOFTWARE_INSTALL}). */
    default Optional<SoftwareInstaller> softwareInstaller() {
        return Optional.empty();
    }

    /** A shell in a domain for a person ({@link Ability#SHELL}). */
    default Optional<ShellAccess> shellAccess() {
        return Optional.empty();
    }

    /** Joining a running domain's console ({@link Ability#CONSOLE}). */
    default Optional<ConsoleAccess> consoleAccess() {
        return Optional.empty();
    }

    /**
     * The machine whose CPUs boot the domains of PREFIX ({@link Ability#REMOTE_GROUPS}): the
     * runner keeps one boot pool per machine. Every group of a backend that cannot place groups
     * elsewhere is on this machine.
     */
    default String machineOf(String prefix) {
        return "local";
    }

    /** Releases what the backend holds; safe to call twice. */
    @Override
    default void close() {}
}
