package dev.kvmrunner.domain.netns;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.console.ProcessConsoleStream;
import dev.kvmrunner.domain.BootException;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.ProcessTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
            started = new PtyProcessBuilder(command.toArray(new String[0]))
                    .setEnvironment(environment())
                    .setDirectory(workDirectory.toString())
                    .setInitialColumns(200)
                    .setInitialRows(50)
                    .setRedirectErrorStream(true)
                    .start();
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
        Map<String, String> env = new HashMap<>();
        env.put("PATH", PATH);
        env.put("HOME", workDirectory.toString());
        env.put("HOSTNAME", name.host());
        env.put("USER", System.getProperty("user.name"));
        env.put("TERM", "dumb"); // no colours, no bracketed paste in the transcript
        env.put("LANG", "C");
        env.put("LC_ALL", "C");
        env.put("HISTFILE", "/dev/null");
        env.put("PS1", "$ ");
        env.put("KVM_PREFIX", name.prefix());
        env.put("KVM_DOMAIN", name.toString());
        env.put(ProcessTree.RUN_MARKER, runId);
        env.put(ProcessTree.DOMAIN_MARKER, domainMarker());
        return env;
    }

    private String domainMarker() {
        return runId + ":" + name;
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
