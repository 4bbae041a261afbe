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
 * The order tests are handed out. TESTLIST order is libreswan's. With several prefixes,
 * starting the longest tests first (by their last recorded runtime) keeps one slow test from
 * running alone at the end of the run; tests never run go first, since nothing is known about
 * them, so a suite that has never run keeps its TESTLIST order.
 */
public enum TestOrder {
    TESTLIST,
    LONGEST;

    /**
     * The order when none is asked for: longest first where several groups run tests (it shortened
     * examples/bench's runs by 7 %, tools/bench/order-bench.sh), TESTLIST order in a serial run,
     * where no order changes the makespan and libreswan's is the one its users know.
     */
    public static TestOrder defaultFor(boolean parallel) {
        return parallel ? LONGEST : TESTLIST;
    }

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
