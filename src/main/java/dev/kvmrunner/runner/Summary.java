package dev.kvmrunner.runner;

import dev.kvmrunner.judge.Result;
import dev.kvmrunner.results.TestRecord;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts per result and the tests that did not pass, for the end of a run. */
public final class Summary {
    private final Map<Result, Integer> counts = new EnumMap<>(Result.class);
    private final List<TestRecord> notPassed = new ArrayList<>();
    private final List<String> notRun = new ArrayList<>();
    private int skipped;
    private boolean interrupted;
    private boolean storageFailed;

    synchronized void add(TestRecord record) {
        counts.merge(record.result(), 1, Integer::sum);
        if (record.result() != Result.PASSED) {
            notPassed.add(record);
        }
    }

    synchronized void addSkipped() {
        skipped++;
    }

    synchronized void addNotRun(String test) {
        notRun.add(test);
    }

    synchronized void markStorageFailed() {
        storageFailed = true;
    }

    /** The run stopped because output could not be written (a full disk, an unwritable OUTPUT): not an interrupt. */
    public synchronized boolean storageFailed() {
        return storageFailed;
    }

    synchronized void markInterrupted() {
        interrupted = true;
    }

    public synchronized int count(Result result) {
        return counts.getOrDefault(result, 0);
    }

    public synchronized int ran() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized int skipped() {
        return skipped;
    }

    public synchronized List<TestRecord> notPassed() {
        return List.copyOf(notPassed);
    }

    /** Tests never started because the run was interrupted. */
    public synchronized List<String> notRun() {
        return List.copyOf(notRun);
    }

    public synchronized boolean interrupted() {
        return interrupted;
    }

    public synchronized boolean allPassed() {
        return notPassed.isEmpty() && !interrupted;
    }
}
