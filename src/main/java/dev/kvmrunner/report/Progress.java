package dev.kvmrunner.report;

import dev.kvmrunner.judge.Result;
import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.runner.PlannedTest;
import dev.kvmrunner.runner.RunEvent;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the progress line says, worked out from runner events (no terminal here, so it can be
 * tested): {@code 7/40 passed 5 failed 1 unresolved 1 | a. ikev2-01 b. ikev1-03 | 1:02 elapsed, ETA 4:10}.
 * The ETA adds the expected time of each test not finished yet (its runtime in the RESULT it
 * had when the run started; without one the mean of the known runtimes), less what running
 * tests have already spent, and divides by the number of prefixes (tests run side by side); it is
 * never less than the longest single test still to finish, so with fewer tests left than
 * prefixes it is the time of the slowest of them, not a share of it.
 * Not thread-safe: the event bus delivers one event at a time.
 */
public final class Progress {
    private final Map<String, Double> expected = new HashMap<>();
    private final Map<String, Double> running = new LinkedHashMap<>(); // prefix + test -> run time when started
    private final Map<String, String> runningTest = new LinkedHashMap<>();
    private final Map<Result, Integer> counts = new EnumMap<>(Result.class);
    private final java.util.Set<String> notStarted = new java.util.HashSet<>();
    private double knownMean;
    private int total;
    private int done;
    private int prefixes = 1;
    private double remaining;
    private boolean estimated;

    public void on(RunEvent event) {
        if (event instanceof RunEvent.RunStarted started) {
            total = started.plan().tests().size();
            prefixes = Math.max(1, started.plan().prefixes().size());
            double sum = 0;
            int known = 0;
            for (PlannedTest test : started.plan().tests()) {
                var previous = ResultFile.read(test.outputDirectory());
                if (previous.isPresent() && previous.get().runtime() > 0) {
                    expected.put(test.name(), previous.get().runtime());
                    sum += previous.get().runtime();
                    known++;
                }
            }
            estimated = known > 0;
            knownMean = known > 0 ? sum / known : 0;
            remaining = 0;
            for (PlannedTest test : started.plan().tests()) {
                remaining += estimate(test.name());
                notStarted.add(test.name());
            }
        } else if (event instanceof RunEvent.TestStarted t) {
            running.put(t.prefix(), seconds(t.runTime()));
            notStarted.remove(t.test().name());
            runningTest.put(t.prefix(), t.test().name());
        } else if (event instanceof RunEvent.TestFinished f) {
            done++;
            TestRecord record = f.record();
            counts.merge(record.result(), 1, Integer::sum);
            remaining -= estimate(f.test().name());
            notStarted.remove(f.test().name());
            running.remove(f.prefix());
            runningTest.remove(f.prefix());
        }
    }

    private double estimate(String test) {
        return expected.getOrDefault(test, knownMean);
    }

    /** The ETA at RUN_TIME, or null when no earlier runtimes are known. */
    public Duration eta(Duration runTime) {
        if (!estimated) {
            return null;
        }
        double left = Math.max(0, remaining);
        double now = seconds(runTime);
        double longest = 0; // no prefix can finish sooner than the longest single test left
        for (Map.Entry<String, Double> started : running.entrySet()) {
            double spent = now - started.getValue();
            double expectedTime = estimate(runningTest.get(started.getKey()));
            left -= Math.min(spent, expectedTime);
            longest = Math.max(longest, expectedTime - spent);
        }
        for (String test : notStarted) {
            longest = Math.max(longest, estimate(test));
        }
        double seconds = Math.max(Math.max(0, left) / prefixes, longest);
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    public String line(Duration runTime) {
        StringBuilder line = new StringBuilder();
        line.append(done).append('/').append(total);
        for (Result result : new Result[] {Result.PASSED, Result.FAILED, Result.UNRESOLVED}) {
            line.append(' ').append(result).append(' ').append(counts.getOrDefault(result, 0));
        }
        if (!runningTest.isEmpty()) {
            line.append(" |");
            runningTest.forEach((prefix, test) -> line.append(' ')
                    .append(prefix.isEmpty() ? "" : prefix + " ")
                    .append(test));
        }
        line.append(" | ").append(Durations.format(runTime)).append(" elapsed");
        Duration eta = eta(runTime);
        line.append(eta == null ? ", ETA unknown" : ", ETA " + Durations.format(eta));
        return line.toString();
    }

    /** The test each prefix runs now (prefix → test), in the order they started. */
    public Map<String, String> runningTests() {
        return Map.copyOf(runningTest);
    }

    public int done() {
        return done;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
