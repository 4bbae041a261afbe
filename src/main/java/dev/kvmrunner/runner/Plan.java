package dev.kvmrunner.runner;

import dev.kvmrunner.judge.Result;
import dev.kvmrunner.timeouts.Timeouts;
import java.util.List;
import java.util.Set;

/**
 * Everything a run will do, decided before it starts: the tests in order, the prefixes
 * (one test worker each), the boot pool size, the backend, the timeouts, which earlier
 * results to skip, and how often a test's domains are booted again when booting failed (an
 * infrastructure failure, never a test failure). {@code list} and {@code run --dry-run} print it; the runner only executes it.
 */
public record Plan(
        List<PlannedTest> tests,
        List<String> prefixes,
        int workers,
        String backend,
        Timeouts timeouts,
        Set<Result> skip,
        int bootRetries,
        Adaptive adaptive) {
    /**
     * What adapts to the machine while the plan runs. WORKERS ({@code --workers auto}): the boot
     * pool grows from {@code workers} up to MAX_WORKERS while boots keep their unloaded speed;
     * PREFIXES ({@code --prefixes auto}): only as many of the prefixes run tests as the machine
     * sustains.
     */
    public record Adaptive(boolean workers, int maxWorkers, boolean prefixes) {
        public static final Adaptive NONE = new Adaptive(false, 0, false);
    }

    public Plan {
        tests = List.copyOf(tests);
        prefixes = List.copyOf(prefixes);
        skip = Set.copyOf(skip);
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one prefix");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("a plan needs at least one boot worker");
        }
        if (bootRetries < 0) {
            throw new IllegalArgumentException("boot retries cannot be negative");
        }
        if (adaptive.workers() && adaptive.maxWorkers() < workers) {
            throw new IllegalArgumentException("auto workers cannot start above their maximum");
        }
    }

    /** A plan whose limits are fixed. */
    public Plan(
            List<PlannedTest> tests,
            List<String> prefixes,
            int workers,
            String backend,
            Timeouts timeouts,
            Set<Result> skip,
            int bootRetries) {
        this(tests, prefixes, workers, backend, timeouts, skip, bootRetries, Adaptive.NONE);
    }

    /** A plan that never boots a test's domains again after a boot failure. */
    public Plan(
            List<PlannedTest> tests,
            List<String> prefixes,
            int workers,
            String backend,
            Timeouts timeouts,
            Set<Result> skip) {
        this(tests, prefixes, workers, backend, timeouts, skip, 0, Adaptive.NONE);
    }

    /** The most boots at once: the fixed pool size, or the ceiling of {@code auto}. */
    public int maxWorkers() {
        return adaptive.workers() ? adaptive.maxWorkers() : workers;
    }

    /** This plan with TESTS in place of its tests (the same tests, moved: --output-dir, --backup-directory). */
    public Plan withTests(List<PlannedTest> newTests) {
        return new Plan(newTests, prefixes, workers, backend, timeouts, skip, bootRetries, adaptive);
    }

    /** Two or more prefixes run tests in parallel. */
    public boolean parallel() {
        return prefixes.size() > 1;
    }
}
