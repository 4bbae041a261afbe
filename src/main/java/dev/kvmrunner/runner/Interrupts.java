package dev.kvmrunner.runner;

import dev.kvmrunner.domain.FileTrees;
import dev.kvmrunner.domain.ProcessTree;
import dev.kvmrunner.timeouts.Deadline;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C: the first SIGINT cancels the run (no new tests, running scripts end, domains shut
 * down, unfinished tests marked interrupted, summary printed, exit 130); the second kills every
 * process marked with the run, removes its work directory and exits at once. SIGTERM (a CI
 * system stopping the job, {@code kvmrunner kill}) and SIGHUP (the terminal closed) count as
 * the same signal as SIGINT. A shutdown hook (any other exit) also kills what is marked, so
 * nothing the run started outlives it.
 */
public final class Interrupts implements AutoCloseable {
    public static final int EXIT_INTERRUPTED = 130;

    private final AtomicInteger count = new AtomicInteger();
    /** The signals that stop a run: Ctrl-C, a CI system's or {@code kvmrunner kill}'s SIGTERM, a closed terminal's SIGHUP. */
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");

    private final Map<String, SignalHandler> previous = new HashMap<>();
    private final Runnable reap;
    private final Thread reaper;

    private Interrupts(RunContext context, String runId, Path workRoot, PrintStream err) {
        this.reap = () -> ProcessTree.kill(ProcessTree.marked(runId));
        this.reaper = new Thread(reap, "reaper " + runId);
        Runtime.getRuntime().addShutdownHook(reaper);
        SignalHandler handler = signal -> {
            if (count.incrementAndGet() == 1) {
                err.println("kvmrunner: " + (signal.getName().equals("INT") ? "interrupted" : "SIG" + signal.getName())
                        + ": stopping the run (Ctrl-C again to force)");
                err.flush();
                // cancel from a fresh thread: closing consoles may block, the signal thread must not
                Thread cancel = new Thread(context::cancel, "cancel");
                cancel.setDaemon(true);
                cancel.start();
            } else {
                err.println("kvmrunner: interrupted again: killing every process of the run and exiting");
                err.flush();
                killMarked(runId);
                try {
                    FileTrees.deleteRecursively(workRoot);
                } catch (IOException e) {
                    // the next run removes it (it holds the owner file)
                }
                Runtime.getRuntime().halt(EXIT_INTERRUPTED);
            }
        };
        for (String name : SIGNALS) {
            previous.put(name, Signal.handle(new Signal(name), handler));
        }
    }

    /** Kills what is marked with RUN_ID, again while a shell still forks (for at most a second). */
    private static void killMarked(String runId) {
        try {
            ProcessTree.killUntilGone(() -> ProcessTree.marked(runId), Deadline.of(Timeouts.DEFAULTS.forcedKill()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // exiting anyway
        }
    }

    /** Installs the handlers for one run. */
    public static Interrupts install(RunContext context, String runId, Path workRoot, PrintStream err) {
        return new Interrupts(context, runId, workRoot, err);
    }

    public boolean interrupted() {
        return count.get() > 0;
    }

    /** Restores the previous SIGINT handler and kills whatever the run left behind. */
    @Override
    public void close() {
        previous.forEach((name, handler) -> Signal.handle(new Signal(name), handler));
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            return; // the JVM is already shutting down: the hook does the work
        }
        reap.run(); // on this thread: the hook was removed, so it will never start
    }
}
