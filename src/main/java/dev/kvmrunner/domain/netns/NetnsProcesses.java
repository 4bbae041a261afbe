package dev.kvmrunner.domain.netns;

import dev.kvmrunner.domain.ProcessTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Finds and ends the processes inside a named network namespace by reading /proc (what
 * {@code ip netns pids} does, without starting a process): every process of a domain lives
 * in its namespace, whatever session, process group or pid namespace it is in.
 */
final class NetnsProcesses {
    static final Path NETNS_DIRECTORY = Path.of("/run/netns");
    private static final Path PROC = Path.of("/proc");

    private NetnsProcesses() {
    }

    /** The processes in network namespace NAME; empty when it does not exist. */
    static List<Long> in(String name) {
        String wanted = identity(NETNS_DIRECTORY.resolve(name));
        List<Long> found = new ArrayList<>();
        if (wanted == null) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                try {
                    String link = Files.readSymbolicLink(entry.resolve("ns").resolve("net")).toString();
                    if (link.equals(wanted)) {
                        found.add(Long.parseLong(entry.getFileName().toString()));
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // gone, or a kernel thread
                }
            }
        } catch (IOException e) {
            throw new NetnsException("cannot list /proc: " + e.getMessage(), e);
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
            try {
                for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"), StandardCharsets.UTF_8)) {
                    if (line.startsWith("NSpid:")) {
                        String[] ids = line.substring("NSpid:".length()).trim().split("\\s+");
                        if (ids.length >= 2 && ids[ids.length - 1].equals("1") && pid > best) {
                            best = pid;
                        }
                    }
                }
            } catch (IOException e) {
                // gone
            }
        }
        return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
    }

    /**
     * Kills (SIGKILL) every process in network namespace NAME, again and again until none is
     * left or TIMEOUT passes (a process may fork while we kill). Returns what is left.
     */
    static List<Long> kill(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Long> alive = ProcessTree.alive(in(name));
            if (alive.isEmpty()) {
                return alive;
            }
            ProcessTree.kill(alive);
            if (System.nanoTime() > deadline) {
                return ProcessTree.alive(in(name));
            }
            Thread.sleep(5); // give the kernel a moment to deliver SIGKILL before looking again
        }
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
