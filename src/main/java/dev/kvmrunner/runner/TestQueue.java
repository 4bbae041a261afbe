package dev.kvmrunner.runner;

import java.util.List;

/** Hands out the plan's tests in order, to whichever test worker asks first. */
final class TestQueue {
    private final List<PlannedTest> tests;
    private int next;

    TestQueue(List<PlannedTest> tests) {
        this.tests = tests;
    }

    /** The next test and its 1-based position, or null when none is left. */
    synchronized Numbered take() {
        if (next >= tests.size()) {
            return null;
        }
        PlannedTest test = tests.get(next++);
        return new Numbered(test, next, tests.size());
    }

    /** How many tests are not yet handed out. */
    synchronized int left() {
        return tests.size() - next;
    }

    /** Tests never handed out. */
    synchronized List<PlannedTest> remaining() {
        List<PlannedTest> rest = List.copyOf(tests.subList(next, tests.size()));
        next = tests.size();
        return rest;
    }

    record Numbered(PlannedTest test, int index, int total) {}
}
