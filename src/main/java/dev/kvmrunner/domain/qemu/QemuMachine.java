package dev.kvmrunner.domain.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvmrunner.console.ShellQuote;
import dev.kvmrunner.domain.ProcessTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One running QEMU process with its QMP connection. Started paused ({@code -S}) so that the
 * serial console is connected before the guest prints anything. Stopping asks QMP to quit
 * and, when QEMU does not exit by the deadline, pulls the power cord (SIGKILL), which is
 * noted in the domain's qemu.log. Closing is idempotent.
 */
final class QemuMachine implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final Path qmpSocket;
    private final Path consoleSocket;
    private Qmp qmp;
    private boolean closed;

    private QemuMachine(Process process, Path log, Path qmpSocket, Path consoleSocket) {
        this.process = process;
        this.log = log;
        this.qmpSocket = qmpSocket;
        this.consoleSocket = consoleSocket;
    }

    /**
     * Starts {@code qemu-system-x86_64 ARGS} with its control sockets in DIRECTORY, marked with
     * MARKERS in its environment, and connects QMP.
     */
    static QemuMachine start(List<String> args, Path directory, Map<String, String> markers, Duration timeout)
            throws IOException, InterruptedException {
        Path qmpSocket = directory.resolve("qmp.sock");
        Path consoleSocket = SerialConsole.socketIn(directory);
        Files.deleteIfExists(qmpSocket);
        Files.deleteIfExists(consoleSocket);
        List<String> command = new ArrayList<>();
        command.add("qemu-system-x86_64");
        command.addAll(List.of("-S", "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-chardev", "socket,id=serial0,path=" + consoleSocket + ",server=on,wait=off",
                "-serial", "chardev:serial0",
                "-qmp", "unix:" + qmpSocket + ",server=on,wait=off"));
        command.addAll(args);
        Path log = directory.resolve("qemu.log");
        Files.writeString(log, Instant.now() + " " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(markers);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot start qemu-system-x86_64 (install qemu-system-x86): " + e.getMessage(), e);
        }
        QemuMachine machine = new QemuMachine(process, log, qmpSocket, consoleSocket);
        boolean started = false;
        try {
            machine.qmp = Qmp.connect(qmpSocket, timeout);
            started = true;
            return machine;
        } catch (IOException e) {
            throw new IOException(e.getMessage() + (process.isAlive() ? "" : "; QEMU exited: " + machine.lastLog()), e);
        } finally {
            if (!started) {
                machine.close();
            }
        }
    }

    Qmp qmp() {
        return qmp;
    }

    Path consoleSocket() {
        return consoleSocket;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Resumes a guest started with -S (or paused after a restore). */
    void cont(Duration timeout) throws IOException, InterruptedException {
        qmp.execute("cont", timeout);
    }

    /** Waits until an incoming migration (a restore) has finished, then runs the guest. */
    void awaitRestored(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String status = qmp.status(left(deadline));
            switch (status) {
                case "inmigrate":
                    break;
                case "paused", "prelaunch", "postmigrate":
                    cont(left(deadline));
                    break;
                case "running":
                    return;
                default:
                    throw new IOException("restore failed: the guest is " + status + "; " + lastLog());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("restore did not finish within " + timeout.toMillis() + " ms (status " + status + ")");
            }
            Thread.sleep(5);
        }
    }

    /**
     * Saves the guest's state to FILE (QMP migrate to {@code exec:cat > FILE}) and lets it run on.
     * The guest is stopped while saving so that the file is one consistent moment.
     */
    void save(Path file, Duration timeout) throws IOException, InterruptedException {
        save(file, timeout, () -> { });
    }

    /** Something done while a saved guest is still stopped (copying its disk overlay). */
    interface WhileStopped {
        void run() throws IOException;
    }

    /** As {@link #save(Path, Duration)}, then WHILE_STOPPED before the guest runs on. */
    void save(Path file, Duration timeout, WhileStopped whileStopped) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // without this, a save is capped at 128 MiB/s (QEMU's default for live migration)
        qmp.execute("migrate-set-parameters", Map.of("max-bandwidth", 64L << 30), left(deadline));
        qmp.execute("stop", left(deadline));
        try {
            qmp.execute("migrate", Map.of("uri", "exec:cat > " + ShellQuote.quote(file.toString())), left(deadline));
            while (true) {
                JsonNode info = qmp.execute("query-migrate", left(deadline));
                String status = info.path("status").asText();
                if (status.equals("completed")) {
                    // the disks were flushed and released when the migration completed: a copy now is consistent
                    whileStopped.run();
                    return;
                }
                if (status.equals("failed") || status.equals("cancelled")) {
                    throw new IOException("saving the guest state failed: " + info.path("error-desc").asText(status));
                }
                if (System.nanoTime() > deadline) {
                    qmp.execute("migrate_cancel", Duration.ofSeconds(1));
                    throw new IOException("saving the guest state did not finish within " + timeout.toMillis() + " ms");
                }
                Thread.sleep(5);
            }
        } finally {
            qmp.execute("cont", left(deadline).plusSeconds(1));
        }
    }

    /** QMP quit, then SIGKILL if QEMU is still there after TIMEOUT; idempotent. */
    synchronized void stop(Duration timeout) throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        if (process.isAlive() && qmp != null) {
            try {
                qmp.execute("quit", timeout.dividedBy(2));
            } catch (IOException e) {
                // QEMU closes the socket as it quits, or is hung: the wait below decides
            }
        }
        if (qmp != null) {
            qmp.close();
        }
        if (!process.waitFor(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS)) {
            note("QEMU did not quit within " + timeout.toMillis() + " ms: pulling the power cord (SIGKILL pid " + process.pid() + ")");
            ProcessTree.kill(List.of(process.pid()));
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(qmpSocket);
            Files.deleteIfExists(consoleSocket);
        } catch (IOException e) {
            // removed with the work directory
        }
    }

    /** Pulls the power cord at once (no QMP). */
    void kill() {
        note("killing QEMU pid " + process.pid());
        process.destroyForcibly();
    }

    void note(String message) {
        try {
            Files.writeString(log, Instant.now() + " kvmrunner: " + message + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is advisory
        }
    }

    /** The last lines QEMU wrote (its errors), for messages. */
    String lastLog() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "<no log>";
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    @Override
    public void close() {
        try {
            stop(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
