package dev.kvmrunner.domain;

import dev.kvmrunner.console.Console;
import dev.kvmrunner.console.ConsoleException;
import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.console.DirectoryUpload;
import dev.kvmrunner.console.ShellQuote;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Boot-and-login, the job the boot pool runs for each domain of a test (libreswan's words):
 * boot the domain, answer its login prompt, synchronise on its prompt, run its
 * {@link AfterLogin} hook, and, for a test, put the test directory within its reach
 * ({@link CopiesTestDirectory}) and enter it. The same steps serve {@code sh} on a stopped
 * domain ({@link StartedDomain}), a backend's probe of whether a guest reaches its prompt at
 * all ({@link #bootToPrompt}), and the qemu backend's install step and boot benchmark. These
 * optional abilities of a domain are used here and nowhere else.
 *
 * <p>A domain that does not come up is an outcome, not an exception: {@link BootOutcome.BootFailed}
 * with the reason and what the console showed last. Only an interrupt (the run was cancelled)
 * is thrown. The console of a failed boot is closed.
 *
 * <p>The settings are an immutable value: one may serve several boots, on several threads.
 */
public final class BootAndLogin {
    private final Duration timeout;
    private final Path transcript;
    private final Path testDirectory;
    private final Duration commandTimeout;
    private final Consumer<Console> watcher;

    private BootAndLogin(
            Duration timeout, Path transcript, Path testDirectory, Duration commandTimeout, Consumer<Console> watcher) {
        this.timeout = Objects.requireNonNull(timeout);
        this.transcript = transcript;
        this.testDirectory = testDirectory;
        this.commandTimeout = commandTimeout;
        this.watcher = watcher;
    }

    /** Each step up to the synchronised prompt and the after-login hook may take TIMEOUT. */
    public static BootAndLogin within(Duration timeout) {
        return new BootAndLogin(timeout, null, null, null, console -> {});
    }

    /**
     * The console's output from its first byte goes to FILE (a test's {@code <host>.console.boot.txt}),
     * also after the boot: until the caller transcribes elsewhere or closes the console.
     */
    public BootAndLogin transcribedTo(Path file) {
        return new BootAndLogin(timeout, file, testDirectory, commandTimeout, watcher);
    }

    /** The console ends in TEST_DIRECTORY (copied in first where the domain cannot see it); each command there may take COMMAND_TIMEOUT. */
    public BootAndLogin enteringTestDirectory(Path testDirectory, Duration commandTimeout) {
        return new BootAndLogin(timeout, transcript, testDirectory, Objects.requireNonNull(commandTimeout), watcher);
    }

    /** WATCHER is handed each console as soon as it exists (the runner closes it on a cancel, which ends a wait on it). */
    public BootAndLogin watchedBy(Consumer<Console> watcher) {
        return new BootAndLogin(timeout, transcript, testDirectory, commandTimeout, Objects.requireNonNull(watcher));
    }

    /** Boots DOMAIN and makes its console ready: logged in, synchronised, after-login hook run, in the test directory if asked. */
    public BootOutcome boot(Domain domain) throws InterruptedException {
        return boot(domain, true);
    }

    /**
     * Boots DOMAIN up to a logged-in, synchronised prompt, without its after-login hook or a test
     * directory: whether a guest reaches its prompt at all (the qemu backend's KVM probe).
     */
    public BootOutcome bootToPrompt(Domain domain) throws InterruptedException {
        return boot(domain, false);
    }

    /**
     * Synchronises on the prompt of a domain that runs already (booted and logged in by someone
     * else, e.g. a run that {@code sh} joins), over its console RUNNING.
     */
    public BootOutcome join(DomainName name, ConsoleStream running) throws InterruptedException {
        Console console = new Console(name.toString(), running);
        watcher.accept(console);
        boolean ready = false;
        try {
            console.sync(name.host(), timeout);
            ready = true;
            return new BootOutcome.Ready(console, Domain.Start.COLD);
        } catch (ConsoleException e) {
            return new BootOutcome.BootFailed(name + ": " + e.getMessage(), Optional.of(e.recentOutput()));
        } finally {
            if (!ready) {
                console.close();
            }
        }
    }

    /**
     * A file path: once a domain has started and before its login, the boot creates it and waits (at most a
     * minute) for an interrupt, so that a test can send its Ctrl-C while domains boot on backends whose boots
     * take milliseconds.
     */
    static final String PAUSE_PROPERTY = "kvmrunner.testing.bootPause";

    private static void pauseForTests() throws InterruptedException {
        String pause = System.getProperty(PAUSE_PROPERTY);
        if (pause == null) {
            return;
        }
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(pause), "paused\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Thread.sleep(60_000);
    }

    private BootOutcome boot(Domain domain, boolean prepare) throws InterruptedException {
        ConsoleStream stream;
        try {
            stream = domain.boot(timeout);
        } catch (BootException e) {
            return new BootOutcome.BootFailed(e.getMessage(), Optional.empty());
        }
        try {
            pauseForTests();
        } catch (InterruptedException e) {
            stream.close();
            throw e;
        }
        DomainName name = domain.name();
        Console console;
        try {
            console = transcript == null
                    ? new Console(name.toString(), stream)
                    : Console.transcribed(name.toString(), stream, transcript);
        } catch (IOException e) {
            stream.close();
            return new BootOutcome.BootFailed(name + ": " + e.getMessage(), Optional.empty());
        }
        watcher.accept(console);
        boolean ready = false;
        try {
            if (domain.credentials().isPresent()) {
                console.login(domain.credentials().get(), timeout);
            }
            console.sync(name.host(), timeout);
            if (prepare) {
                if (domain.afterLoginHook().isPresent()) {
                    domain.afterLoginHook()
                            .get()
                            .afterLogin(console, timeout); // e.g. qemu: save a snapshot of the logged-in domain
                }
                if (testDirectory != null) {
                    Optional<BootOutcome> refused = enterTestDirectory(domain, console);
                    if (refused.isPresent()) {
                        return refused.get();
                    }
                }
            }
            ready = true;
            // the boot's cost is read first: what follows belongs to the test's scripts
            BootOutcome.Ready outcome = new BootOutcome.Ready(console, domain.lastStart(), domain.cpuSeconds());
            domain.ready();
            return outcome;
        } catch (ConsoleException e) {
            return new BootOutcome.BootFailed(name + ": " + e.getMessage(), Optional.of(e.recentOutput()));
        } catch (BootException e) {
            return new BootOutcome.BootFailed(e.getMessage(), Optional.empty());
        } catch (IOException e) {
            return new BootOutcome.BootFailed(name + ": " + e.getMessage(), Optional.empty());
        } finally {
            if (!ready) {
                console.close();
            }
        }
    }

    /** Copies the test directory in where the domain cannot see it, then enters it; a failure when the shell cannot enter it. */
    private Optional<BootOutcome> enterTestDirectory(Domain domain, Console console)
            throws IOException, ConsoleException, InterruptedException {
        String directory = domain.pathOf(testDirectory);
        Optional<CopiesTestDirectory> copy =
                domain.testDirectoryCopy().filter(copies -> copies.needsCopy(testDirectory));
        if (copy.isPresent()) {
            directory = copy.get().guestDirectoryFor(testDirectory);
            DirectoryUpload.copy(console, testDirectory, directory, commandTimeout);
        }
        if (console.run("cd " + ShellQuote.quote(directory), commandTimeout) != 0) {
            return Optional.of(new BootOutcome.BootFailed(
                    domain.name() + " cannot enter the test directory " + testDirectory, Optional.empty()));
        }
        return Optional.empty();
    }
}
