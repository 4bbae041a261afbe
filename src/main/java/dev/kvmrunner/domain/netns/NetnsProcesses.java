package dev.kvmrunner.domain.netns;

import dev.kvmrunner.domain.ProcessTree;
import dev.kvmrunner.timeouts.Deadline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Finds and ends the processes inside a named network namespace through {@link ProcessTree}
 * (what {@code ip netns pids} does, without starting a process): every process of a domain lives
 * in its namespace, whatever session, process group or pid namespace it is in.
 */
final class NetnsProcesses {
    static final Path NETNS_DIRECTORY = Path.of("/run/netns");

    private NetnsProcesses() {}

    /** The processes in network namespace NAME; empty when it does not exist. */
    static List<Long> in(String name) {
        String wanted = identity(NETNS_DIRECTORY.resolve(name));
        List<Long> found = new ArrayList<>();
        if (wanted == null) {
            return found;
        }
        for (long pid : ProcessTree.pids()) {
            if (ProcessTree.namespace(pid, "net").filter(wanted::equals).isPresent()) {
                found.add(pid);
            }
        }
        return found;
    }

    /**
     * The init (pid 1) of the newest pid namespace inside network namespace NAME: the running
     * domain's shell, which a person's {@code sh} joins.
     */
    static OptionalLong init(String name) {
        long best = -1;
        for (long pid : ProcessTree.alive(in(name))) {
            List<Long> ids = ProcessTree.namespacePids(pid);
            if (ids.size() >= 2 && ids.get(ids.size() - 1) == 1 && pid > best) {
                best = pid;
            }
        }
        return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
    }

    /** Kills every process in network namespace NAME until none is left or DEADLINE passes. Returns what is left. */
    static List<Long> kill(String name, Deadline deadline) throws InterruptedException {
        return ProcessTree.killUntilGone(() -> in(name), deadline);
    }

    /** "net:[inode]", as /proc/PID/ns/net reads, for the namespace bound at FILE; null when there is none. */
    private static String identity(Path file) {
        try {
            Object inode = Files.getAttribute(file, "unix:ino");
            return "net:[" + inode + "]";
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }
}
