package dev.kvmrunner.report;

import dev.kvmrunner.domain.ProcessTree;
import dev.kvmrunner.files.AtomicFiles;
import dev.kvmrunner.runner.RunEvent;
import dev.kvmrunner.runner.RunListener;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The pid file of a run next to its suite, {@code <suite>/kvmrunner.pid}, as libreswan's
 * kvm-status and kvm-kill use: the first line is the runner's pid (for {@code kill $(head -1
 * kvmrunner.pid)}), then {@code key=value} lines: the owner (pid and start time, so a stale file
 * of a killed run is recognised as such), the run id, the start, the progress line and each
 * prefix's running test. Rewritten atomically on every test start and finish, removed at the
 * end. {@code kvmrunner status} and {@code kvmrunner kill} read it. While it exists, SIGUSR1
 * appends every thread's stack to the run's debug log, {@code <suite>/kvmrunner.debug.log}.
 */
public final class RunFile implements RunListener, AutoCloseable {
    public static final String NAME = "kvmrunner.pid";
    public static final String DEBUG_LOG = "kvmrunner.debug.log";

    private final Path file;
    private final String runId;
    private final PrintStream err;
    private final Progress progress = new Progress();
    private final Map<String, Duration> startedAt = new LinkedHashMap<>();
    private final Instant started = Instant.now();
    private SignalHandler previousUsr1;
    private boolean writable = true;
    private boolean written;

    private RunFile(Path suite, String runId, PrintStream err) {
        this.file = suite.resolve(NAME);
        this.runId = runId;
        this.err = err;
    }

    /** The run file of RUN_ID in SUITE; SIGUSR1 dumps the threads from now on. */
    public static RunFile open(Path suite, String runId, PrintStream err) {
        // written from the run's first event on: a run refused because its groups are in use leaves the other's file
        // alone
        RunFile runFile = new RunFile(suite, runId, err);
        try {
            runFile.previousUsr1 = Signal.handle(new Signal("USR1"), signal -> runFile.dumpThreads());
        } catch (IllegalArgumentException e) {
            err.println("kvmrunner: warning: no SIGUSR1 thread dumps here: " + e.getMessage());
        }
        return runFile;
    }

    @Override
    public synchronized void on(RunEvent event) {
        progress.on(event);
        if (event instanceof RunEvent.TestStarted t) {
            startedAt.put(t.prefix(), t.runTime());
        } else if (event instanceof RunEvent.TestFinished f) {
            startedAt.remove(f.prefix());
        } else if (event instanceof RunEvent.RunFinished) {
            close();
            return;
        } else if (!(event instanceof RunEvent.RunStarted)) {
            return;
        }
        write(event.runTime());
    }

    private void write(Duration runTime) {
        if (!writable) {
            return;
        }
        StringBuilder text = new StringBuilder();
        text.append(ProcessHandle.current().pid()).append('\n');
        text.append("owner=").append(ProcessTree.self()).append('\n');
        text.append("run=").append(runId).append('\n');
        text.append("started=").append(started).append('\n');
        text.append("progress=").append(progress.line(runTime)).append('\n');
        for (Map.Entry<String, String> running : new TreeMap<>(progress.runningTests()).entrySet()) {
            Duration since = startedAt.getOrDefault(running.getKey(), runTime);
            text.append("running.")
                    .append(running.getKey())
                    .append('=')
                    .append(running.getValue())
                    .append(' ')
                    .append(Instant.now().minus(runTime.minus(since)))
                    .append('\n');
        }
        try {
            AtomicFiles.write(file, text.toString());
            written = true;
        } catch (IOException e) {
            writable = false; // a read-only suite: the run goes on, status and kill cannot find it
            err.println("kvmrunner: warning: cannot write " + file
                    + " (kvmrunner status and kill will not find this run): " + e.getMessage());
        }
    }

    /** Appends every thread's stack to the debug log beside the pid file. */
    void dumpThreads() {
        StringWriter dump = new StringWriter();
        dump.append("==== ")
                .append(Instant.now().toString())
                .append(" SIGUSR1: threads of run ")
                .append(runId)
                .append('\n');
        for (Map.Entry<Thread, StackTraceElement[]> thread :
                Thread.getAllStackTraces().entrySet()) {
            dump.append('"')
                    .append(thread.getKey().getName())
                    .append("\" ")
                    .append(thread.getKey().getState().toString())
                    .append('\n');
            for (StackTraceElement frame : thread.getValue()) {
                dump.append("    at ").append(frame.toString()).append('\n');
            }
            dump.append('\n');
        }
        Path log = file.resolveSibling(DEBUG_LOG);
        try {
            Files.writeString(
                    log, dump.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            err.println("kvmrunner: SIGUSR1: thread stacks written to " + log);
        } catch (IOException e) {
            err.println("kvmrunner: SIGUSR1: cannot write " + log + ": " + e.getMessage());
        }
    }

    /** Removes the pid file and restores SIGUSR1. Idempotent. */
    @Override
    public synchronized void close() {
        if (previousUsr1 != null) {
            Signal.handle(new Signal("USR1"), previousUsr1);
            previousUsr1 = null;
        }
        writable = false;
        if (written) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover pid file is recognised as stale by its owner line
            }
        }
    }

    /** A run file as read back: its fields, and whether the run it names still runs. */
    public record Found(long pid, Map<String, String> fields, boolean alive) {
        public String field(String name) {
            return fields.getOrDefault(name, "");
        }
    }

    /** The run file in SUITE, if there is one. */
    public static Optional<Found> read(Path suite) {
        Path file = suite.resolve(NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] lines = text.split("\n");
        long pid;
        try {
            pid = Long.parseLong(lines[0].strip());
        } catch (NumberFormatException e) {
            pid = -1;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq > 0) {
                fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
            }
        }
        boolean alive = pid > 0 && ProcessTree.ownerAlive(fields.getOrDefault("owner", ""));
        return Optional.of(new Found(pid, fields, alive));
    }
}
