package dev.kvmrunner.domain;

import dev.kvmrunner.console.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A domain started outside a run, as libreswan's kvmsh starts a stopped domain: booted in a
 * work directory of its own and made ready by {@link BootAndLogin} (logged in, synchronised,
 * its after-login hook run, so shared directories are mounted), then left at its prompt for
 * whoever joins its console.
 * Closing shuts it down and removes the work directory.
 */
public final class StartedDomain implements AutoCloseable {
    private final Domain domain;
    private final Path work;
    private Console console;

    private StartedDomain(Domain domain, Path work) {
        this.domain = domain;
        this.work = work;
    }

    /** Boots NAME on BACKEND and logs in, within TIMEOUT. */
    public static StartedDomain start(Backend backend, DomainName name, Duration timeout)
            throws BootException, InterruptedException, IOException {
        Path work = Files.createTempDirectory("kvmrunner-sh-");
        Domain domain = backend.domain(name, work.resolve(name.toString()));
        StartedDomain started = new StartedDomain(domain, work);
        boolean ok = false;
        try {
            BootOutcome outcome = BootAndLogin.within(timeout).boot(domain);
            if (outcome instanceof BootOutcome.BootFailed failed) {
                throw new BootException(failed.describe());
            }
            started.console = ((BootOutcome.Ready) outcome).console();
            ok = true;
            return started;
        } finally {
            if (!ok) {
                started.close();
            }
        }
    }

    public Domain domain() {
        return domain;
    }

    /**
     * The console boot-and-login left at the synchronised prompt. Closing it only disconnects
     * (a serial console): whoever joins the console next finds the prompt.
     */
    public Console console() {
        return console;
    }

    /** Disconnects, shuts the domain down and removes its work directory; safe to call twice. */
    @Override
    public void close() {
        if (console != null) {
            console.close();
        }
        domain.close();
        try {
            FileTrees.deleteRecursively(work);
        } catch (IOException e) {
            // a temporary directory: the system cleans it up
        }
    }
}
