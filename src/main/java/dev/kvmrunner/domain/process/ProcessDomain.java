package dev.kvmrunner.domain.process;

import com.pty4j.PtyProcess;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.ProcessTree;
import dev.kvmrunner.domain.ShellDomain;
import dev.kvmrunner.timeouts.Deadline;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A shell under a pty in its own session; shutting it down ends every process of its session. */
final class ProcessDomain extends ShellDomain {
    ProcessDomain(DomainName name, Path workDirectory, String runId, Timeouts timeouts) {
        super(name, workDirectory, runId, timeouts);
    }

    @Override
    protected void prepare() throws IOException {
        Files.createDirectories(workDirectory);
        Files.createDirectories(sharedDirectory());
    }

    @Override
    protected List<String> command() {
        return List.of(Shells.bash(), "--noprofile", "--norc", "-i");
    }

    @Override
    protected String path() {
        return System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
    }

    @Override
    protected Map<String, String> extraEnvironment() {
        return Map.of("SHARED", sharedDirectory().toString());
    }

    /** One directory all domains of the group share (a stand-in for the network between them). */
    private Path sharedDirectory() {
        // '-' cannot occur in a host name, so this never collides with a domain's directory
        return workDirectory.resolveSibling(name.prefix() + "shared-dir");
    }

    @Override
    protected void endProcesses(PtyProcess shell, Deadline deadline) throws InterruptedException {
        if (shell == null) {
            return; // nothing ran since the last shutdown
        }
        // the shell leads its session: every process it started is in it, background jobs included
        List<Long> left = ProcessTree.killSession(shell.pid(), deadline);
        // a process that left the session (setsid, a daemon) still carries the domain's marker
        ProcessTree.kill(ProcessTree.marked(ProcessTree.DOMAIN_MARKER, domainMarker()));
        if (!left.isEmpty()) {
            throw new IllegalStateException("processes of " + name + " survived SIGKILL: " + left);
        }
    }
}
