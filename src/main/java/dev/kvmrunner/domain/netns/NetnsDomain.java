package dev.kvmrunner.domain.netns;

import com.pty4j.PtyProcess;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.ShellDomain;
import dev.kvmrunner.timeouts.Deadline;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A domain of the netns backend: its network namespace and a shell under a pty as pid 1 of its
 * own UTS, mount and PID namespaces. Boot = end its processes, create the
 * namespace afresh, start the shell; shutdown = end its processes and delete the namespace.
 */
final class NetnsDomain extends ShellDomain {
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final NetnsBackend backend;

    NetnsDomain(NetnsBackend backend, DomainName name, Path workDirectory, String runId, Timeouts timeouts) {
        super(name, workDirectory, runId, timeouts);
        this.backend = backend;
    }

    @Override
    protected void prepare() throws IOException {
        backend.createDomainNamespace(name);
        Files.createDirectories(workDirectory);
    }

    @Override
    protected List<String> command() {
        return NetnsBackend.inFreshNamespaces(name, List.of("bash", "--noprofile", "--norc", "-i"));
    }

    @Override
    protected String path() {
        return PATH;
    }

    /** Ends the shell and every process in the domain's namespace (also those of an earlier run). */
    @Override
    protected void endProcesses(PtyProcess shell, Deadline deadline) throws InterruptedException {
        if (shell != null) {
            shell.destroyForcibly(); // unshare's --kill-child takes pid 1 and with it the whole PID namespace
        }
        backend.killDomain(name, domainMarker(), deadline);
    }

    @Override
    protected void afterShutdown() {
        backend.deleteDomainNamespace(name); // off: nothing a test changed outlives it, its addresses answer nothing
    }
}
