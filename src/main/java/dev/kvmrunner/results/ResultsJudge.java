package dev.kvmrunner.results;

import dev.kvmrunner.judge.Issue;
import dev.kvmrunner.judge.Judge;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.judge.SanitizedCache;
import dev.kvmrunner.judge.SuiteSanitizers;
import dev.kvmrunner.judge.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Judges many tests' output, {@code jobs} tests at a time, and hands the results over in the
 * targets' order as soon as each one and those before it are done (so a long tree prints as
 * it goes). At most a few results per job wait in memory. Judging is what costs: each host of
 * each test runs its sanitizer pipeline, a handful of processes, so the gain from running
 * tests side by side is large even on few cores.
 *
 * <p>Per test, as kvmresults.py: judge the output (re-sanitizing unless quick); with
 * {@code update}, save the sanitized output and diffs and bring the RESULT file's result and
 * issues up to date; with a baseline, judge the baseline's saved output (always quick) and
 * add baseline issues ({@link BaselineComparison}). Sanitized transcripts are kept in each
 * OUTPUT ({@link SanitizedCache}), so judging an unchanged tree again sanitizes nothing.
 */
public final class ResultsJudge implements AutoCloseable {

    /** Options of one judging pass. */
    /**
     * @param sanitizedOutput the verdicts must carry each host's sanitized output (for reports);
     *     saving it ({@code update}) and comparing with a baseline need it too
     */
    public record Options(
            int jobs,
            boolean quick,
            boolean update,
            Optional<Baseline> baseline,
            Duration sanitizerTimeout,
            boolean sanitizedOutput) {
        public Options {
            if (jobs < 1) {
                throw new IllegalArgumentException("jobs must be at least 1: " + jobs);
            }
        }

        /** Options whose verdicts carry the sanitized output. */
        public Options(
                int jobs, boolean quick, boolean update, Optional<Baseline> baseline, Duration sanitizerTimeout) {
            this(jobs, quick, update, baseline, sanitizerTimeout, true);
        }

        /** What the judge keeps in OUTPUT: verdicts too, unless the sanitized output is used. */
        Judge.Caching caching() {
            if (!SanitizedCache.ENABLED) {
                return Judge.Caching.NONE;
            }
            return sanitizedOutput || update || baseline.isPresent() ? Judge.Caching.SANITIZED : Judge.Caching.VERDICTS;
        }
    }

    private final Options options;
    private final SuiteSanitizers sanitizers = new SuiteSanitizers();
    private final Judge judge;
    private final ExecutorService executor;

    public ResultsJudge(Options options) {
        this.options = options;
        this.judge = new Judge(sanitizers, options.sanitizerTimeout(), options.caching());
        AtomicInteger threads = new AtomicInteger();
        this.executor = options.jobs() == 1
                ? null
                : Executors.newFixedThreadPool(options.jobs(), task -> {
                    Thread thread = new Thread(task, "judge-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** One job per core: sanitizer processes keep every core busy, more jobs only queue. */
    public static int defaultJobs() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Judges every target and calls {@code consumer} for each, in order, on the calling thread.
     *
     * @throws InterruptedException the calling thread was interrupted; queued work is cancelled
     */
    public void judgeAll(List<ResultTarget> targets, Consumer<JudgedTest> consumer) throws InterruptedException {
        for (ResultTarget target : targets) {
            sanitizers.add(target.test().directory(), target.test().config());
            options.baseline()
                    .flatMap(b -> b.get(target.name()))
                    .flatMap(Baseline.Entry::test)
                    .ifPresent(test -> sanitizers.add(test.directory(), test.config()));
        }
        if (executor == null) {
            for (ResultTarget target : targets) {
                consumer.accept(judgeOne(target));
            }
            return;
        }
        int window = options.jobs() * 4;
        Deque<Future<JudgedTest>> pending = new ArrayDeque<>();
        int next = 0;
        try {
            while (next < targets.size() || !pending.isEmpty()) {
                while (next < targets.size() && pending.size() < window) {
                    ResultTarget target = targets.get(next++);
                    pending.add(executor.submit(() -> judgeOne(target)));
                }
                consumer.accept(pending.removeFirst().get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("judging failed", e.getCause());
        } finally {
            pending.forEach(f -> f.cancel(true));
        }
    }

    /** Judges one target on the calling thread. */
    public JudgedTest judgeOne(ResultTarget target) throws InterruptedException {
        StringBuilder warning = new StringBuilder();
        Optional<TestRecord> record = ResultFile.read(target.outputDirectory(), warning::append);
        Verdict verdict;
        Optional<String> error = Optional.empty();
        try {
            verdict = withRunnerIssues(judge.judge(target.request(options.quick())), record);
            if (options.update()) {
                update(target, verdict, record);
            }
        } catch (IOException | RuntimeException e) {
            error = Optional.of("judging " + target.name() + " failed: " + e.getMessage());
            Verdict.Builder unjudged = Verdict.builder(target.hosts()).passed().unresolved();
            target.hosts().forEach(host -> unjudged.issue(host, Issue.SANITIZER_FAILED));
            verdict = unjudged.build();
        }
        Optional<Baseline.Entry> entry = options.baseline().flatMap(b -> b.get(target.name()));
        if (options.baseline().isPresent()) {
            Optional<Verdict> base = Optional.empty();
            if (entry.isPresent()) {
                base = Optional.of(judgeBaseline(target, entry.get()));
            }
            verdict = BaselineComparison.compare(target.hosts(), verdict, base);
        }
        return new JudgedTest(
                target,
                verdict,
                record,
                entry,
                error,
                warning.length() == 0 ? Optional.empty() : Optional.of(warning.toString()));
    }

    private Verdict judgeBaseline(ResultTarget target, Baseline.Entry entry) throws InterruptedException {
        ResultTarget base = new ResultTarget(entry.test().orElse(target.test()), entry.outputDirectory(), true);
        try {
            return judge.judge(base.request(true));
        } catch (IOException | RuntimeException e) {
            Verdict.Builder unjudged = Verdict.builder(base.hosts()).passed().unresolved();
            base.hosts().forEach(host -> unjudged.issue(host, Issue.SANITIZER_FAILED));
            return unjudged.build();
        }
    }

    /**
     * The runner's own issues (boot-failed, interrupted) from the RESULT file: the transcripts
     * cannot show them, and a test that did not boot stays unresolved.
     */
    static Verdict withRunnerIssues(Verdict verdict, Optional<TestRecord> record) {
        if (record.isEmpty() || verdict.result() == Result.UNTESTED) {
            return verdict;
        }
        Verdict.Builder kept = verdict.toBuilder();
        boolean found = false;
        for (var host : record.get().issues().entrySet()) {
            for (String label : host.getValue()) {
                Optional<Issue> issue = Issue.fromLabel(label);
                if (issue.isPresent()
                        && (issue.get() == Issue.BOOT_FAILED
                                || issue.get() == Issue.INTERRUPTED
                                || issue.get() == Issue.RUNNER_FAILED)) {
                    kept.issue(host.getKey(), issue.get());
                    found = true;
                }
            }
        }
        return found ? kept.unresolved().build() : verdict;
    }

    /** Saves the sanitized output and diffs; a RESULT file gets the new result and issues. */
    private static void update(ResultTarget target, Verdict verdict, Optional<TestRecord> record) throws IOException {
        if (verdict.result() == Result.UNTESTED) {
            return;
        }
        SavedOutput.save(verdict, target.outputDirectory());
        if (record.isPresent()) {
            TestRecord old = record.get();
            ResultFile.write(
                    target.outputDirectory(),
                    new TestRecord(
                            old.testName(),
                            old.expect(),
                            verdict.result(),
                            new TreeMap<>(verdict.issues().toMap()),
                            old.hosts(),
                            old.startTime(),
                            old.stopTime(),
                            old.bootTime(),
                            old.scriptTime(),
                            old.runtime(),
                            old.bootAttempts()));
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** For messages: how the work is split. */
    @Override
    public String toString() {
        return "ResultsJudge[jobs=" + options.jobs() + (options.quick() ? ", quick" : "") + "]";
    }
}
