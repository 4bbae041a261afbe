package dev.kvmrunner.domain.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvmrunner.console.ShellQuote;
import dev.kvmrunner.domain.ProcessTree;
import dev.kvmrunner.timeouts.Deadline;
import dev.kvmrunner.timeouts.Timeouts;
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

/**
 * One running QEMU process with its QMP connection. Started paused ({@code -S}) so that the
 * serial console is connected before the guest prints anything. Stopping asks QMP to quit
 * and, when QEMU does not exit by the deadline, pulls the power cord (SIGKILL), which is
 * noted in the domain's qemu.log. Closing is idempotent.
 */
final class QemuMachine implements AutoCloseable {
    private final Process process;
    private final Path log;
    /** Where this start begins in the log, which keeps earlier starts of the domain. */
    private final long logStart;

    private final Path qmpSocket;
    private final Path consoleSocket;
    private Qmp qmp;
    private boolean closed;
    private final Timeouts timeouts;

    /** CPU clock ticks (1/100 s) QEMU has used since it started; negative when /proc cannot tell. */
    long cpuTicks() {
        return dev.kvmrunner.domain.ProcessTree.cpuTicks(process.pid());
    }

    private QemuMachine(
            Process process, Path log, long logStart, Path qmpSocket, Path consoleSocket, Timeouts timeouts) {
        this.process = process;
        this.timeouts = timeouts;
        this.log = log;
        this.logStart = logStart;
        this.qmpSocket = qmpSocket;
        this.consoleSocket = consoleSocket;
    }

    /** util-linux's setsid, where this machine has it. */
    private static final java.util.Optional<Path> SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst();

    /** The setsid each QEMU starts under (so in a session and an autogroup of its own), where there is one. */
    static java.util.Optional<Path> setsid() {
        return SETSID;
    }

    /**
     * Starts {@code qemu-system-x86_64 ARGS} with its control sockets in DIRECTORY, marked with
     * MARKERS in its environment, and connects QMP within TIMEOUT; TIMEOUTS bound its other waits.
     */
    static QemuMachine start(
            List<String> args, Path directory, Map<String, String> markers, Duration timeout, Timeouts timeouts)
            throws IOException, InterruptedException {
        return start(args, null, directory, markers, timeout, timeouts);
    }

    /**
     * Starts {@code qemu-system-x86_64 ARGS} as {@link #start} does, to take its state from SNAPSHOT
     * (a saved migration stream): QEMU reads the file itself, as its standard input ({@code -incoming
     * fd:0}), where {@code exec:cat FILE} cost a shell and a cat per restore and copied the guest's memory
     * through a pipe once more, none of it counted in the guest's CPU time.
     */
    static QemuMachine restoring(
            List<String> args,
            Path snapshot,
            Path directory,
            Map<String, String> markers,
            Duration timeout,
            Timeouts timeouts)
            throws IOException, InterruptedException {
        List<String> incoming = new ArrayList<>(args);
        incoming.addAll(List.of("-incoming", "fd:0"));
        return start(incoming, snapshot, directory, markers, timeout, timeouts);
    }

    private static QemuMachine start(
            List<String> args,
            Path input,
            Path directory,
            Map<String, String> markers,
            Duration timeout,
            Timeouts timeouts)
            throws IOException, InterruptedException {
        Path qmpSocket = directory.resolve("qmp.sock");
        Path consoleSocket = SerialConsole.socketIn(directory);
        Files.deleteIfExists(qmpSocket);
        Files.deleteIfExists(consoleSocket);
        List<String> command = new ArrayList<>();
        if (SETSID.isPresent()) {
            // each guest in a session of its own: with the kernel's autogroups (sched_autogroup_enabled)
            // every guest gets an equal share of the CPU, however many threads its QEMU runs; a
            // restoring QEMU runs several, and beside two of them a guest that computes got a third
            // of a core and missed its deadline
            command.add(SETSID.get().toString());
        }
        command.add("qemu-system-x86_64");
        command.addAll(List.of(
                "-S",
                "-nodefaults",
                "-no-user-config",
                "-display",
                "none",
                "-no-reboot",
                "-chardev",
                "socket,id=serial0,path=" + consoleSocket + ",server=on,wait=off",
                "-serial",
                "chardev:serial0",
                "-qmp",
                "unix:" + qmpSocket + ",server=on,wait=off"));
        command.addAll(args);
        Path log = directory.resolve("qemu.log");
        Files.writeString(
                log,
                Instant.now() + " " + String.join(" ", command) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        long logStart = Files.size(log);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(markers);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectInput(
                ProcessBuilder.Redirect.from(input == null ? new java.io.File("/dev/null") : input.toFile()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot start qemu-system-x86_64 (install qemu-system-x86): " + e.getMessage(), e);
        }
        QemuMachine machine = new QemuMachine(process, log, logStart, qmpSocket, consoleSocket, timeouts);
        boolean started = false;
        try {
            machine.qmp = Qmp.connect(qmpSocket, timeout, process::isAlive);
            // QEMU has set up its sockets, so it runs in its own session by now: a boot yields to running tests
            BootPriority.booting(process.pid());
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

    /** The guest is logged in and runs a test's scripts: it no longer yields the CPU to boots. */
    void running() {
        BootPriority.running(process.pid());
    }

    Path consoleSocket() {
        return consoleSocket;
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
        Deadline deadline = Deadline.of(timeout);
        while (true) {
            String status = qmp.status(deadline.remainingAtLeastAMillisecond());
            switch (status) {
                case "inmigrate":
                    break;
                case "paused", "prelaunch", "postmigrate":
                    cont(deadline.remainingAtLeastAMillisecond());
                    break;
                case "running":
                    return;
                default:
                    throw new IOException("restore failed: the guest is " + status + "; " + lastLog());
            }
            if (deadline.expired()) {
                throw new IOException(
                        "restore did not finish within " + timeout.toMillis() + " ms (status " + status + ")");
            }
            Thread.sleep(5);
        }
    }

    /**
     * Saves the guest's state to FILE (QMP migrate to {@code exec:cat > FILE}) and lets it run on.
     * The guest is stopped while saving so that the file is one consistent moment.
     */
    void save(Path file, Duration timeout) throws IOException, InterruptedException {
        save(file, timeout, () -> {});
    }

    /** Something done while a saved guest is still stopped (copying its disk overlay). */
    interface WhileStopped {
        void run() throws IOException;
    }

    /** As {@link #save(Path, Duration)}, then WHILE_STOPPED before the guest runs on. */
    void save(Path file, Duration timeout, WhileStopped whileStopped) throws IOException, InterruptedException {
        Deadline deadline = Deadline.of(timeout);
        // without this, a save is capped at 128 MiB/s (QEMU's default for live migration)
        qmp.execute(
                "migrate-set-parameters", Map.of("max-bandwidth", 64L << 30), deadline.remainingAtLeastAMillisecond());
        qmp.execute("stop", deadline.remainingAtLeastAMillisecond());
        try {
            qmp.execute(
                    "migrate",
                    Map.of("uri", "exec:cat > " + ShellQuote.quote(file.toString())),
                    deadline.remainingAtLeastAMillisecond());
            while (true) {
                JsonNode info = qmp.execute("query-migrate", deadline.remainingAtLeastAMillisecond());
                String status = info.path("status").asText();
                if (status.equals("completed")) {
                    // the disks were flushed and released when the migration completed: a copy now is consistent
                    whileStopped.run();
                    return;
                }
                if (status.equals("failed") || status.equals("cancelled")) {
                    throw new IOException("saving the guest state failed: "
                            + info.path("error-desc").asText(status));
                }
                if (deadline.expired()) {
                    qmp.execute("migrate_cancel", timeouts.qmp());
                    throw new IOException("saving the guest state did not finish within " + timeout.toMillis() + " ms");
                }
                Thread.sleep(5);
            }
        } finally {
            qmp.execute("cont", deadline.remainingAtLeastAMillisecond().plus(timeouts.qmp()));
        }
    }

    /** QMP quit, then SIGKILL if QEMU is still there after TIMEOUT; idempotent. */
    synchronized void stop(Duration timeout) throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        Deadline deadline = Deadline.of(timeout);
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
        if (!deadline.waitFor(process)) {
            note("QEMU did not quit within " + timeout.toMillis() + " ms: pulling the power cord (SIGKILL pid "
                    + process.pid() + ")");
            ProcessTree.kill(List.of(process.pid()));
            process.destroyForcibly();
            Deadline.of(timeouts.kill()).waitFor(process);
        }
        try {
            Files.deleteIfExists(qmpSocket);
            Files.deleteIfExists(consoleSocket);
        } catch (IOException e) {
            // removed with the work directory
        }
    }

    void note(String message) {
        try {
            Files.writeString(
                    log,
                    Instant.now() + " kvmrunner: " + message + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is advisory
        }
    }

    /** The last lines QEMU wrote (its errors), for messages. */
    String lastLog() {
        try {
            byte[] all = Files.readAllBytes(log);
            // what this QEMU printed, not the command lines and notes of earlier starts
            String output = new String(
                    all,
                    (int) Math.min(logStart, all.length),
                    (int) Math.max(0, all.length - logStart),
                    StandardCharsets.UTF_8);
            List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
            return lines.isEmpty()
                    ? "<nothing in " + log.getFileName() + ">"
                    : String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "<no log>";
        }
    }

    @Override
    public void close() {
        try {
            stop(timeouts.shutdownTimeout());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
