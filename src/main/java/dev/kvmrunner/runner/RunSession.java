package dev.kvmrunner.runner;

import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.ProcessTree;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run of a plan from start to exit: marks it with a run id, installs Ctrl-C handling,
 * gives the domains a scratch directory, runs, and leaves nothing behind.
 */
public final class RunSession {
    private RunSession() {
    }

    /** A run id: sortable by time, unique enough to mark processes and directories. */
    public static String newRunId() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    public static Summary execute(Plan plan, Backend backend, TestJudge judge, List<RunListener> listeners,
                                  String runId, PrintStream err) {
        List<Long> orphans = ProcessTree.orphans();
        if (!orphans.isEmpty()) {
            err.println("kvmrunner: killing " + orphans.size() + " processes left by a killed run: " + orphans);
            ProcessTree.kill(orphans);
        }
        RunContext context = new RunContext();
        Path workRoot;
        try {
            workRoot = Files.createTempDirectory("kvmrunner-" + runId + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run's scratch directory", e);
        }
        try (Interrupts interrupts = Interrupts.install(context, runId, err); backend) {
            return new Runner(plan, backend, judge, listeners, context, workRoot, err).run();
        } finally {
            Runner.deleteRecursively(workRoot);
        }
    }
}
