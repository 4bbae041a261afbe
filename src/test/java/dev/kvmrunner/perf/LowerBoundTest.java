package dev.kvmrunner.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LowerBoundTest {
    private static final List<LowerBound.TestCost> TESTS = List.of(
            new LowerBound.TestCost("a", List.of("east", "west"), 10),
            new LowerBound.TestCost("b", List.of("east", "west", "nic"), 4),
            new LowerBound.TestCost("c", List.of("east"), 2));

    @Test
    void fewGroupsAreBoundByTheirOccupancy() {
        LowerBound bound = new LowerBound(3, 1, 2);
        LowerBound.Terms one = bound.terms(TESTS, 1);
        // cpu: 3 first boots x 3 + 3 resets x 1 = 12 CPU-seconds on 2 cores
        assertThat(one.cpu()).isCloseTo(6, within(1e-9));
        // groups: (1+10) + (1+4) + (1+2) in one group, whose first test waited a first boot (3, not 1)
        assertThat(one.groups()).isCloseTo(21, within(1e-9));
        // the longest script (10) after a first boot (3)
        assertThat(one.longest()).isCloseTo(13, within(1e-9));
        assertThat(one.bound()).isCloseTo(21, within(1e-9));
        assertThat(one.binding()).isEqualTo("groups");
    }

    @Test
    void groupsBeyondTheTestsWaitForNothingAndShareNoWork() {
        // 8 groups, 3 tests: the work spreads over 3 groups at most, each first waiting a first boot
        LowerBound.Terms terms = new LowerBound(3, 1, 2).terms(TESTS, 8);
        assertThat(terms.groups()).isCloseTo(2 + 19.0 / 3, within(1e-9));
        assertThat(new LowerBound(3, 1, 2).terms(List.of(), 2).bound()).isZero();
    }

    @Test
    void manyGroupsAreBoundByTheLongestTestOrTheCpu() {
        assertThat(new LowerBound(3, 1, 2).terms(TESTS, 8).binding()).isEqualTo("longest");
        LowerBound slowBoots = new LowerBound(30, 30, 1);
        LowerBound.Terms terms = slowBoots.terms(TESTS, 8);
        assertThat(terms.binding()).isEqualTo("cpu");
        assertThat(terms.bound()).isCloseTo(6 * 30, within(1e-9));
    }

    private static PointResult point(String prefixes, double wall, double firstBootAlone) {
        return point(prefixes, wall, firstBootAlone, 0);
    }

    private static PointResult point(String prefixes, double wall, double firstBootAlone, double cpuPerBoot) {
        return point(prefixes, wall, firstBootAlone, cpuPerBoot, Map.of());
    }

    private static PointResult point(
            String prefixes, double wall, double firstBootAlone, double cpuPerBoot, Map<String, Double> scriptCpu) {
        return new PointResult(
                "w1-p" + prefixes,
                "1",
                prefixes,
                "boot",
                1,
                wall,
                0,
                "",
                1,
                1,
                Map.of(),
                2,
                firstBootAlone,
                firstBootAlone,
                firstBootAlone,
                firstBootAlone,
                firstBootAlone,
                cpuPerBoot,
                cpuPerBoot,
                cpuPerBoot,
                Double.NaN,
                Double.NaN,
                Map.of("a", 1.0),
                scriptCpu,
                Map.of("a", List.of("east", "west")),
                cpuPerBoot,
                cpuPerBoot,
                null);
    }

    @Test
    void theScriptsAreChargedTheCpuTheirGuestsUsed() {
        // 3 first boots x 3 + 3 resets x 1, and 2 + 0.5 + 1.5 CPU-seconds of scripts, on 2 cores
        List<LowerBound.TestCost> tests = List.of(
                new LowerBound.TestCost("a", List.of("east", "west"), 10, 2),
                new LowerBound.TestCost("b", List.of("east", "west", "nic"), 4, 0.5),
                new LowerBound.TestCost("c", List.of("east"), 2, 1.5));
        LowerBound.Terms terms = new LowerBound(3, 1, 2).terms(tests, 8);
        assertThat(terms.cpu()).isCloseTo((12 + 4) / 2.0, within(1e-9));
        assertThat(terms.groups())
                .isEqualTo(new LowerBound(3, 1, 2).terms(TESTS, 8).groups());
    }

    @Test
    void aTestsScriptCpuIsTheLeastAnyPointMeasured() {
        SweepAnalysis analysis = new SweepAnalysis(
                List.of(point("1", 60, 3, 4.5, Map.of("a", 0.8)), point("2", 40, 3.5, 5.0, Map.of("a", 1.2))), 2, 2);
        assertThat(analysis.testCosts("boot"))
                .singleElement()
                .extracting(LowerBound.TestCost::scriptCpu)
                .isEqualTo(0.8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Tables.print(analysis, "boot", 1, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("and 0.8 CPU-seconds of scripts");
        // a sweep that measured none charges the scripts nothing, and says nothing of them
        SweepAnalysis unmeasured = new SweepAnalysis(List.of(point("1", 60, 3, 4.5)), 2, 2);
        assertThat(unmeasured.scriptCpu("boot")).isZero();
    }

    @Test
    void bootsAreChargedTheCpuTheirGuestsUsedWhereTheBackendMeasuredIt() {
        // lone boots took 3 s at best, but their guests used 4.5 CPU-seconds (median) in the quieter point
        SweepAnalysis measured = new SweepAnalysis(List.of(point("1", 60, 3, 4.5), point("2", 40, 3.5, 5.0)), 2, 2);
        assertThat(measured.bound("boot"))
                .get()
                .extracting(LowerBound::firstBoot)
                .isEqualTo(4.5);
        assertThat(measured.boundFromCpu("boot")).isTrue();
        // a backend that cannot tell: the fastest lone boot's time stands in
        SweepAnalysis timed = new SweepAnalysis(List.of(point("1", 60, 3), point("2", 40, 3.5)), 2, 2);
        assertThat(timed.bound("boot")).get().extracting(LowerBound::firstBoot).isEqualTo(3.0);
        assertThat(timed.boundFromCpu("boot")).isFalse();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Tables.print(measured, "boot", 1, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(
                        "lower bound from a first boot of 4.50 and a reset of 4.50 CPU-seconds (the guests' own CPU time")
                // each point's cost per boot, which moves with the machine's speed
                .containsPattern("CPU-seconds per boot.*\\n.*\\nworkers 1 +4\\.50 +5\\.00\\n");
        // a backend that cannot tell: no such table
        ByteArrayOutputStream untold = new ByteArrayOutputStream();
        Tables.print(timed, "boot", 1, new PrintStream(untold, true, StandardCharsets.UTF_8));
        assertThat(untold.toString(StandardCharsets.UTF_8)).doesNotContain("CPU-seconds per boot");
    }

    @Test
    void aCalibratedPointIsMeasuredAgainstTheBoundAtItsOwnMoment() {
        // the machine slowed down: boots cost 4.5 CPU-seconds alone before the first run, 6 before the second
        PointResult quick = calibrated(point("2", 40, 3, 4.5), new Calibration(List.of("a", "b"), 4.5, 4.0, true));
        PointResult slow =
                withRepeat(calibrated(point("2", 50, 3, 6.0), new Calibration(List.of("a", "b"), 6.0, 5.0, true)), 2);
        SweepAnalysis analysis = new SweepAnalysis(List.of(quick, slow), 2, 2);
        SweepAnalysis.Cell cell = analysis.cells("boot").get(0);
        assertThat(cell.calibrated()).isTrue();
        // each run against its own bound (test a: 2 first boots, its script, no script CPU)
        double quickBound = new LowerBound(4.5, 4.0, 2).bound(analysis.testCosts("boot"), 2);
        double slowBound = new LowerBound(6.0, 5.0, 2).bound(analysis.testCosts("boot"), 2);
        assertThat(cell.bound()).isCloseTo((quickBound + slowBound) / 2, within(1e-9));
        assertThat(cell.efficiency()).isCloseTo((quickBound / 40 + slowBound / 50) / 2, within(1e-9));
        // the sweep's own bound (the least costs) would have judged the slow run by the quick moment's costs
        assertThat(slowBound / 50)
                .isGreaterThan(analysis.bound("boot").orElseThrow().bound(analysis.testCosts("boot"), 2) / 50);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Tables.print(analysis, "boot", 1, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(
                        "each point's efficiency uses its own bound: a and b run alone just before it",
                        "a first boot of 4.50-6.00 and a reset of 4.00-5.00 CPU-seconds");
        // boots that cost less side by side than alone (TCG guests spinning on the clock): the point's own mean serves
        PointResult cheaper = calibrated(point("2", 40, 3, 3.0), new Calibration(List.of("a", "b"), 4.5, 4.0, true));
        assertThat(new SweepAnalysis(List.of(cheaper), 2, 2)
                        .cells("boot")
                        .get(0)
                        .bound())
                .isCloseTo(new LowerBound(3.0, 3.0, 2).bound(analysis.testCosts("boot"), 2), within(1e-9));
        // one run without a calibration: the whole point falls back to the sweep's bound
        SweepAnalysis mixed = new SweepAnalysis(List.of(quick, withRepeat(point("2", 50, 3, 6.0), 2)), 2, 2);
        assertThat(mixed.cells("boot").get(0).calibrated()).isFalse();
        assertThat(mixed.cells("boot").get(0).bound())
                .isCloseTo(mixed.bound("boot").orElseThrow().bound(mixed.testCosts("boot"), 2), within(1e-9));
    }

    private static PointResult calibrated(PointResult p, Calibration calibration) {
        return copy(p, p.id(), p.repeat(), calibration);
    }

    private static PointResult withRepeat(PointResult p, int repeat) {
        return copy(p, p.id() + "-r" + repeat, repeat, p.calibration());
    }

    private static PointResult copy(PointResult p, String id, int repeat, Calibration calibration) {
        return new PointResult(
                id,
                p.workers(),
                p.prefixes(),
                p.reset(),
                repeat,
                p.wallSeconds(),
                p.exitStatus(),
                p.error(),
                p.tests(),
                p.passed(),
                p.issues(),
                p.boots(),
                p.meanBootSeconds(),
                p.firstBootAlone(),
                p.againAlone(),
                p.firstBootTypical(),
                p.againTypical(),
                p.firstBootCpu(),
                p.againCpu(),
                p.bootCpu(),
                p.cpuPressure(),
                p.cpuBusy(),
                p.scriptSeconds(),
                p.scriptCpu(),
                p.hosts(),
                p.firstCpuMean(),
                p.againCpuMean(),
                calibration);
    }

    @Test
    void aBoundAboveAMeasuredTimeIsReportedAsMeaningless() {
        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        Tables.print(
                new SweepAnalysis(List.of(point("1", 20, 3)), 2, 2),
                "boot",
                1,
                new PrintStream(quiet, true, StandardCharsets.UTF_8));
        assertThat(quiet.toString(StandardCharsets.UTF_8))
                .doesNotContain("warning")
                .contains("Efficiency");
        // boots measured alone on a loaded machine: 40 s each, more than the whole run took
        ByteArrayOutputStream loaded = new ByteArrayOutputStream();
        Tables.print(
                new SweepAnalysis(List.of(point("1", 20, 40)), 2, 2),
                "boot",
                1,
                new PrintStream(loaded, true, StandardCharsets.UTF_8));
        assertThat(loaded.toString(StandardCharsets.UTF_8))
                .contains("warning: the lower bound exceeds a measured time");
    }
}
