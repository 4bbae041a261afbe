package dev.kvmrunner.domain;

import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.console.Credentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One machine that plays a host. A backend makes it real; everything shared (login, prompt,
 * scripts, judging) is done once on top of {@link ConsoleStream}.
 */
public interface Domain extends AutoCloseable {
    DomainName name();

    /**
     * Starts the domain from scratch (stopping it first if it runs) and returns its console.
     * The console shows a shell prompt, or a login prompt when {@link #credentials()} says so.
     */
    ConsoleStream boot(Duration timeout) throws BootException, InterruptedException;

    /** How a boot brought the domain up: from nothing, or by restoring saved state (a snapshot). */
    enum Start {
        COLD,
        RESTORED
    }

    /**
     * How the last {@link #boot} started the domain. A restore costs a fraction of a cold boot, so
     * the admission controller and the sweep measure the two apart, whatever the test worker expected.
     */
    default Start lastStart() {
        return Start.COLD;
    }

    /**
     * The CPU-seconds the domain's machine has used since its last {@link #boot} started it (every
     * boot starts a new machine); empty where the backend cannot tell. Read right after the login,
     * it is what one boot-and-login costs: what {@code bench sweep}'s lower bound charges a boot.
     */
    default OptionalDouble cpuSeconds() {
        return OptionalDouble.empty();
    }

    /**
     * {@link BootAndLogin} is done: the domain is logged in and runs a test's scripts from now on
     * (qemu: its guest stops yielding the CPU to the domains that boot).
     */
    default void ready() {}

    /** What to answer at the console's login prompt; empty when the console starts logged in. */
    default Optional<Credentials> credentials() {
        return Optional.empty();
    }

    /** Where the domain sees the test directory that lies at TEST_DIRECTORY on the runner's machine. */
    default String pathOf(Path testDirectory) {
        return testDirectory.toAbsolutePath().toString();
    }

    /** The hook {@link BootAndLogin} runs once the console is logged in and synchronised; empty when the domain has none. */
    default Optional<AfterLogin> afterLoginHook() {
        return Optional.empty();
    }

    /** How the test directory reaches a domain that cannot see the runner's files; empty when it sees them at {@link #pathOf}. */
    default Optional<CopiesTestDirectory> testDirectoryCopy() {
        return Optional.empty();
    }

    /** Stops the domain and everything running in it; harmless when it is not running. */
    void shutdown(Duration timeout) throws InterruptedException;

    boolean isRunning();

    /** Shuts down and removes what the domain holds; safe to call twice. */
    @Override
    void close();
}
