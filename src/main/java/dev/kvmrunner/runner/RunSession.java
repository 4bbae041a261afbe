package dev.kvmrunner.runner;

import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.FileTrees;
import dev.kvmrunner.domain.GroupHold;
import dev.kvmrunner.domain.Leftovers;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run of a plan from start to exit: marks it with a run id, installs Ctrl-C handling,
 * gives the domains a scratch directory, runs, and leaves nothing behind.
 */
public final class RunSession {
    private RunSession() {}

    /** A run id: sortable by time, unique enough to mark processes and directories. */
    public static String newRunId() {
        return LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    /**
     * Runs PLAN while holding its domain groups (a second run on them is refused at once, see
     * {@link GroupHold}), after removing what killed runs left behind.
     */
    public static Summary execute(
            Plan plan, Backend backend, TestJudge judge, List<RunListener> listeners, String runId, PrintStream err) {
        Path suite = plan.tests().isEmpty()
                ? Path.of(".").toAbsolutePath()
                : plan.tests().get(0).directory().getParent();
        try (GroupHold hold = GroupHold.take(
                GroupHold.directory(System.getenv()),
                plan.backend(),
                plan.prefixes(),
                "run",
                suite,
                note -> err.println("kvmrunner: " + note))) {
            return execute(plan, backend, judge, listeners, runId, err, hold);
        }
    }

    private static Summary execute(
            Plan plan,
            Backend backend,
            TestJudge judge,
            List<RunListener> listeners,
            String runId,
            PrintStream err,
            @SuppressWarnings("unused") GroupHold hold) {
        // HOLD is only held (taken and closed by the caller): it is a parameter so that no run starts without one
        Leftovers.Cleaned cleaned = Leftovers.clean();
        if (!cleaned.isEmpty()) {
            err.println("kvmrunner: " + cleaned);
        }
        RunContext context = new RunContext();
        Path workRoot;
        try {
            workRoot = Files.createTempDirectory("kvmrunner-" + runId + "-");
            Leftovers.claim(workRoot); // a runner killed with SIGKILL leaves it; the next run removes it
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run's scratch directory", e);
        }
        try (Interrupts interrupts = Interrupts.install(context, runId, workRoot, err);
                backend) {
            return new Runner(plan, backend, judge, listeners, context, workRoot, err).run();
        } finally {
            try {
                FileTrees.deleteRecursively(workRoot);
            } catch (IOException e) {
                err.println("kvmrunner: warning: cannot remove the run's work directory " + workRoot + ": " + e);
            }
        }
    }
}
