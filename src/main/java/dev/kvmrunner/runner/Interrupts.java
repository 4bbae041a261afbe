package dev.kvmrunner.runner;

import dev.kvmrunner.domain.ProcessTree;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C: the first SIGINT cancels the run (no new tests, running scripts end, domains shut
 * down, unfinished tests marked interrupted, summary printed); the second kills every
 * process marked with the run and exits at once. A shutdown hook (SIGTERM, or any exit)
 * also kills what is marked, so nothing the run started outlives it.
 */
public final class Interrupts implements AutoCloseable {
    public static final int EXIT_INTERRUPTED = 130;

    private final AtomicInteger count = new AtomicInteger();
    private final SignalHandler previous;
    private final Thread reaper;

    private Interrupts(RunContext context, String runId, PrintStream err) {
        this.reaper = new Thread(() -> ProcessTree.kill(ProcessTree.marked(runId)), "reaper " + runId);
        Runtime.getRuntime().addShutdownHook(reaper);
        this.previous = Signal.handle(new Signal("INT"), signal -> {
            if (count.incrementAndGet() == 1) {
                err.println("kvmrunner: interrupted: stopping the run (Ctrl-C again to force)");
                err.flush();
                // cancel from a fresh thread: closing consoles may block, the signal thread must not
                Thread cancel = new Thread(context::cancel, "cancel");
                cancel.setDaemon(true);
                cancel.start();
            } else {
                err.println("kvmrunner: interrupted again: killing every process of the run and exiting");
                err.flush();
                ProcessTree.kill(ProcessTree.marked(runId));
                Runtime.getRuntime().halt(EXIT_INTERRUPTED);
            }
        });
    }

    /** Installs the handlers for one run. */
    public static Interrupts install(RunContext context, String runId, PrintStream err) {
        return new Interrupts(context, runId, err);
    }

    public boolean interrupted() {
        return count.get() > 0;
    }

    /** Restores the previous SIGINT handler and kills whatever the run left behind. */
    @Override
    public void close() {
        Signal.handle(new Signal("INT"), previous);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            return; // the JVM is already shutting down: the hook does the work
        }
        reaper.run();
    }
}
