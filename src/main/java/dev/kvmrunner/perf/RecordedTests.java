package dev.kvmrunner.perf;

import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.runner.PlannedTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tests of a plan as the simulator sees them: their hosts, and the script time and other
 * time (console set-up, shutdowns, judging) their last RESULT recorded. A test never run gets
 * the median of those that were.
 */
final class RecordedTests {
    private RecordedTests() {}

    /**
     * The plan's tests in its order; MISSING[0] counts the tests that had no RESULT. SCRIPT_CORES
     * gives the cores a test's guests kept busy while its scripts ran, where known (a test it does
     * not name only waits).
     */
    static List<Simulator.SimTest> of(List<PlannedTest> plan, Map<String, Double> scriptCores, int[] missing) {
        List<Simulator.SimTest> known = new ArrayList<>();
        List<PlannedTest> unknown = new ArrayList<>();
        List<Simulator.SimTest> all = new ArrayList<>();
        for (PlannedTest test : plan) {
            Optional<TestRecord> record = ResultFile.read(test.outputDirectory());
            if (record.isEmpty()) {
                unknown.add(test);
                all.add(null);
                continue;
            }
            TestRecord r = record.get();
            double other = Math.max(0, r.runtime() - r.bootTime() - r.scriptTime());
            Simulator.SimTest sim = new Simulator.SimTest(
                    test.name(), test.hosts(), r.scriptTime(), other, scriptCores.getOrDefault(test.name(), 0.0));
            known.add(sim);
            all.add(sim);
        }
        double script = dev.kvmrunner.load.Median.orZero(
                known.stream().mapToDouble(Simulator.SimTest::scriptSeconds).toArray());
        double other = dev.kvmrunner.load.Median.orZero(
                known.stream().mapToDouble(Simulator.SimTest::otherSeconds).toArray());
        double cores = dev.kvmrunner.load.Median.orZero(
                known.stream().mapToDouble(Simulator.SimTest::scriptCores).toArray());
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) == null) {
                PlannedTest test = plan.get(i);
                all.set(i, new Simulator.SimTest(test.name(), test.hosts(), script, other, cores));
            }
        }
        missing[0] = unknown.size();
        return all;
    }
}
