package dev.kvmrunner.domain.process;

import com.pty4j.PtyProcess;
import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.console.ProcessConsoleStream;
import dev.kvmrunner.domain.BootException;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.DomainShell;
import dev.kvmrunner.domain.ProcessTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A shell under a pty; shutting it down ends every process of its session. */
final class ProcessDomain implements Domain {
    private final DomainName name;
    private final Path workDirectory;
    private final String runId;
    private PtyProcess shell;

    ProcessDomain(DomainName name, Path workDirectory, String runId) {
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
        shutdown(timeout);
        try {
            Files.createDirectories(workDirectory);
            Files.createDirectories(sharedDirectory());
            PtyProcess started = DomainShell.start(List.of(Shells.bash(), "--noprofile", "--norc", "-i"), environment(), workDirectory);
            shell = started;
            return new ProcessConsoleStream(started);
        } catch (IOException e) {
            throw new BootException("cannot start a shell for " + name + ": " + e.getMessage(), e);
        }
    }

    private Map<String, String> environment() {
        return DomainShell.environment(name, workDirectory,
                System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"), runId,
                Map.of("SHARED", sharedDirectory().toString()));
    }

    private String domainMarker() {
        return DomainShell.marker(runId, name);
    }

    /** One directory all domains of the group share (a stand-in for the network between them). */
    private Path sharedDirectory() {
        // '-' cannot occur in a host name, so this never collides with a domain's directory
        return workDirectory.resolveSibling(name.prefix() + "shared-dir");
    }

    @Override
    public synchronized void shutdown(Duration timeout) throws InterruptedException {
        if (shell == null) {
            return;
        }
        long sid = shell.pid();
        List<Long> left = ProcessTree.killSession(sid, timeout);
        // a process that left the session (setsid, a daemon) still carries the domain's marker
        ProcessTree.kill(ProcessTree.marked(ProcessTree.DOMAIN_MARKER, domainMarker()));
        shell.destroyForcibly();
        shell.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        shell = null;
        if (!left.isEmpty()) {
            throw new IllegalStateException("processes of " + name + " survived SIGKILL: " + left);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return shell != null && shell.isAlive();
    }

    @Override
    public void close() {
        try {
            shutdown(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
