package dev.kvmrunner.domain;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.console.ProcessConsoleStream;
import dev.kvmrunner.timeouts.Deadline;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A domain whose console is an interactive bash on this machine, under a pty, with a clean,
 * predictable environment marked with the run, the domain and the runner that owns it (see
 * {@link ProcessTree}): the process and netns backends. Booting ends what ran before, prepares
 * the domain and starts the shell; shutting down ends the shell and every process of the
 * domain. The backends say only how the shell starts and how their processes are found.
 */
public abstract class ShellDomain implements Domain {
    static {
        PtyNatives.useCache(System.getenv()); // before pty4j loads: else every JVM leaves a directory in /tmp
    }

    protected final DomainName name;
    protected final Path workDirectory;
    protected final String runId;
    private final Timeouts timeouts;
    private PtyProcess shell;

    protected ShellDomain(DomainName name, Path workDirectory, String runId, Timeouts timeouts) {
        this.name = name;
        this.workDirectory = workDirectory;
        this.runId = runId;
        this.timeouts = timeouts;
    }

    /** Makes what the shell needs before it starts (directories, a namespace). */
    protected abstract void prepare() throws IOException;

    /** The command that ends in an interactive bash. */
    protected abstract List<String> command();

    /** PATH of the shell. */
    protected abstract String path();

    /** Variables of this backend, added to the shell's environment last. */
    protected Map<String, String> extraEnvironment() {
        return Map.of();
    }

    /**
     * Ends every process of the domain by DEADLINE; SHELL is the running shell or null (nothing
     * was started since the last stop). Throws when some survived SIGKILL.
     */
    protected abstract void endProcesses(PtyProcess shell, Deadline deadline) throws InterruptedException;

    /** What is undone after the processes ended on shutdown (a namespace deleted). */
    protected void afterShutdown() {}

    @Override
    public final DomainName name() {
        return name;
    }

    /** The value of {@link ProcessTree#DOMAIN_MARKER} of this domain. */
    protected final String domainMarker() {
        return ProcessTree.domainMarker(runId, name.toString());
    }

    @Override
    public final synchronized ConsoleStream boot(Duration timeout) throws BootException, InterruptedException {
        stop(timeout);
        PtyProcess started = null;
        try {
            prepare();
            started = new PtyProcessBuilder(command().toArray(new String[0]))
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

    /**
     * The shell's environment: HOME, HOSTNAME, no colours or bracketed paste (TERM=dumb), the C
     * locale, the domain's names and the markers; the backend's extra variables last.
     */
    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", path());
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
        env.putAll(ProcessTree.markers(runId, name.toString()));
        env.putAll(extraEnvironment());
        return env;
    }

    /** Ends the shell and every process of the domain. */
    private void stop(Duration timeout) throws InterruptedException {
        PtyProcess running = shell;
        shell = null;
        Deadline deadline = Deadline.of(timeout);
        try {
            endProcesses(running, deadline);
        } finally {
            if (running != null) {
                running.destroyForcibly();
                deadline.waitFor(running);
            }
        }
    }

    @Override
    public final synchronized void shutdown(Duration timeout) throws InterruptedException {
        stop(timeout);
        afterShutdown();
    }

    @Override
    public final synchronized boolean isRunning() {
        return shell != null && shell.isAlive();
    }

    @Override
    public final void close() {
        try {
            shutdown(timeouts.shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // closing is best effort: the run's reaper, the next run (Leftovers) and uninstall remove what is left
        }
    }
}
