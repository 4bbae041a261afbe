package dev.kvmrunner.domain.netns;

import com.pty4j.PtyProcess;
import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.console.ProcessConsoleStream;
import dev.kvmrunner.domain.BootException;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.DomainShell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A domain of the netns backend: its network namespace and a shell under a pty as pid 1 of its
 * own UTS, mount and PID namespaces. Boot = end its processes, create the
 * namespace afresh, start the shell; shutdown = end its processes and delete the namespace.
 */
final class NetnsDomain implements Domain {
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final NetnsBackend backend;
    private final DomainName name;
    private final Path workDirectory;
    private final String runId;
    private PtyProcess shell;

    NetnsDomain(NetnsBackend backend, DomainName name, Path workDirectory, String runId) {
        this.backend = backend;
        this.name = name;
        this.workDirectory = workDirectory;
        this.runId = runId;
    }

    @Override
    public DomainName name() {
        return name;
    }

    @Override
    public synchronized ConsoleStream boot(Duration timeout) throws BootException, InterruptedException {
        stop(timeout);
        PtyProcess started = null;
        try {
            backend.createDomainNamespace(name);
            Files.createDirectories(workDirectory);
            List<String> command = NetnsBackend.inFreshNamespaces(name, List.of("bash", "--noprofile", "--norc", "-i"));
            started = DomainShell.start(command, environment(), workDirectory);
            shell = started;
            return new ProcessConsoleStream(started);
        } catch (IOException | RuntimeException e) {
            if (started != null) {
                started.destroyForcibly(); // close unless construction finished
            }
            throw new BootException("cannot boot " + name + ": " + e.getMessage(), e);
        }
    }

    private Map<String, String> environment() {
        return DomainShell.environment(name, workDirectory, PATH, runId, Map.of());
    }

    private String domainMarker() {
        return DomainShell.marker(runId, name);
    }

    /** Ends the shell and every process in the domain's namespace. */
    private void stop(Duration timeout) throws InterruptedException {
        PtyProcess running = shell;
        shell = null;
        if (running != null) {
            running.destroyForcibly(); // unshare's --kill-child takes pid 1 and with it the whole PID namespace
        }
        try {
            backend.killDomain(name, domainMarker(), timeout);
        } finally {
            if (running != null) {
                running.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public synchronized void shutdown(Duration timeout) throws InterruptedException {
        stop(timeout);
        backend.deleteDomainNamespace(name); // off: nothing a test changed outlives it, its addresses answer nothing
    }

    @Override
    public synchronized boolean isRunning() {
        return shell != null && shell.isAlive();
    }

    @Override
    public void close() {
        try {
            shutdown(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // closing is best effort: uninstall removes whatever is left
        }
    }
}
