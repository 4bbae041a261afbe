package dev.kvmrunner.runner;

import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The order tests are handed out. TESTLIST order is libreswan's and the default. With
 * several prefixes, starting the longest tests first (by their last recorded runtime) keeps
 * one slow test from running alone at the end of the run; tests never run go first, since
 * nothing is known about them.
 */
public enum TestOrder {
    TESTLIST,
    LONGEST;

    /** The name users write ({@code --order longest}); picocli lists and matches these. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public List<PlannedTest> apply(List<PlannedTest> tests) {
        if (this == TESTLIST) {
            return tests;
        }
        Map<PlannedTest, Double> runtime = new HashMap<>();
        for (PlannedTest test : tests) {
            runtime.put(
                    test,
                    ResultFile.read(test.outputDirectory())
                            .map(TestRecord::runtime)
                            .orElse(Double.POSITIVE_INFINITY));
        }
        List<PlannedTest> ordered = new ArrayList<>(tests);
        // stable: equal runtimes keep their TESTLIST order
        ordered.sort(Comparator.comparing(runtime::get, Comparator.reverseOrder()));
        return ordered;
    }
}
