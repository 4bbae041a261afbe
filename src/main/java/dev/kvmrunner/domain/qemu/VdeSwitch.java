package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.domain.FileTrees;
import dev.kvmrunner.domain.ProcessTree;
import dev.kvmrunner.timeouts.Deadline;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One isolated Ethernet segment: a user-space {@code vde_switch} whose ports are unix
 * sockets in its own directory. Guests reach it with {@code -netdev vde}; nothing touches a
 * host interface, multicast or another address. Its stdin is a pipe from us: when we close
 * it, or our process dies, the switch sees EOF and exits by itself.
 */
final class VdeSwitch implements AutoCloseable {
    private final Path directory;
    private final Process process;
    private final OutputStream stdin;
    private final Timeouts timeouts;
    private boolean closed;

    private VdeSwitch(Path directory, Process process, Timeouts timeouts) {
        this.directory = directory;
        this.timeouts = timeouts;
        this.process = process;
        this.stdin = process.getOutputStream();
    }

    /** Starts a switch whose sockets live in DIRECTORY (created), marked with RUN_ID and NAME. */
    static VdeSwitch start(Path directory, String runId, String name, Timeouts timeouts)
            throws IOException, InterruptedException {
        Files.createDirectories(directory.getParent());
        ProcessBuilder builder =
                new ProcessBuilder(List.of("vde_switch", "--sock", directory.toString(), "--numports", "32"));
        builder.environment().putAll(ProcessTree.markers(runId, name));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot start vde_switch (install vde2): " + e.getMessage(), e);
        }
        VdeSwitch started = new VdeSwitch(directory, process, timeouts);
        Deadline deadline = Deadline.of(timeouts.localCommand());
        while (!Files.exists(directory.resolve("ctl"))) {
            if (!process.isAlive() || deadline.expired()) {
                started.close();
                throw new IOException("vde_switch for " + name + " did not create " + directory.resolve("ctl"));
            }
            Thread.sleep(5);
        }
        return started;
    }

    /** The directory -netdev vde,sock=... names. */
    Path directory() {
        return directory;
    }

    long pid() {
        return process.pid();
    }

    /** Ends the switch (EOF on its stdin, then SIGKILL) and removes its directory; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stdin.close();
            if (!Deadline.of(timeouts.kill()).waitFor(process)) {
                process.destroyForcibly();
                Deadline.of(timeouts.kill()).waitFor(process);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            FileTrees.deleteRecursively(directory);
        } catch (IOException e) {
            // the run's work directory is removed later anyway
        }
    }
}
