package dev.kvmrunner.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator on its virtual clock, against makespans worked out by hand. */
class SimulatorTest {
    private static final Simulator.SimTest A = new Simulator.SimTest("a", List.of("east", "west"), 10, 1);
    private static final Simulator.SimTest B = new Simulator.SimTest("b", List.of("east"), 5, 1);

    private static double makespan(int cores, int groups, int workers, List<Simulator.SimTest> tests) {
        return new Simulator(new Simulator.Machine(1, cores, groups, workers, false, workers, 3, 1))
                .run(tests)
                .makespan();
    }

    @Test
    void oneWorkerBootsOneDomainAtATime() {
        // a: east 0-3, west 3-6, scripts 6-16, judging 16-17; b: east reset 17-18, scripts 18-23, judging 23-24
        assertThat(makespan(2, 1, 1, List.of(A, B))).isCloseTo(24, within(1e-6));
    }

    @Test
    void twoWorkersOnTwoCoresBootTogetherAtFullSpeed() {
        // a: both boots 0-3, scripts 3-13, judging 13-14; b: reset 14-15, scripts 15-20, judging 20-21
        assertThat(makespan(2, 1, 2, List.of(A, B))).isCloseTo(21, within(1e-6));
    }

    @Test
    void bootsShareTheCoresAndTheQueueIsFirstComeFirstServed() {
        // one core, two groups: a's two boots share it (0-6), then b's boot runs alone (6-9);
        // a: 6-16-17, b: 9-14-15
        assertThat(makespan(1, 2, 2, List.of(A, B))).isCloseTo(17, within(1e-6));
    }

    @Test
    void testsOnSeveralMachinesShareOneQueue() {
        List<Simulator.SimTest> tests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tests.add(new Simulator.SimTest("t" + i, List.of("east"), 4, 0));
        }
        double one = new Simulator(new Simulator.Machine(1, 2, 1, 1, false, 1, 3, 1))
                .run(tests)
                .makespan();
        double four = new Simulator(new Simulator.Machine(4, 2, 1, 1, false, 1, 3, 1))
                .run(tests)
                .makespan();
        // one machine: a first boot (3) + 8 scripts (32) + 7 resets (7); four machines: two tests each
        assertThat(one).isCloseTo(42, within(1e-6));
        assertThat(four).isCloseTo(3 + 4 + 1 + 4, within(1e-6));
    }

    @Test
    void autoWorkersGrowWhereBootsWaitAndBeatOneWorker() {
        List<Simulator.SimTest> tests = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            tests.add(new Simulator.SimTest("t" + i, List.of("east", "west", "nic"), 3, 0.5));
        }
        Simulator.Prediction fixed = new Simulator(new Simulator.Machine(1, 2, 4, 1, false, 1, 3, 3)).run(tests);
        Simulator.Prediction auto = new Simulator(new Simulator.Machine(1, 2, 4, 1, true, 4, 3, 3)).run(tests);
        Simulator.Prediction two = new Simulator(new Simulator.Machine(1, 2, 4, 2, false, 2, 3, 3)).run(tests);
        assertThat(auto.makespan()).isLessThan(fixed.makespan() * 0.7);
        // and no worse than the hand-picked best by much: the cores, not the pool, bound it
        assertThat(auto.makespan()).isLessThan(two.makespan() * 1.1);
        assertThat(auto.boots()).isEqualTo(72);
        assertThat(auto.bootCpuSeconds()).isCloseTo(72 * 3, within(1e-6));
    }

    @Test
    void sharedFirstBootsBootEachHostColdOnceAndTheOtherGroupsWaitForIt() {
        // three groups, one worker each, on three cores, each test boots east (first boot 3, reset 1):
        // apart, all three boot east cold at once: 0-3, scripts 3-8, judging 8-9
        // shared, a's east boots cold 0-3; b's and c's wait for it, then restore 3-4, scripts 4-9, judging 9-10
        List<Simulator.SimTest> tests = List.of(B, B, B);
        Simulator.Prediction apart =
                new Simulator(new Simulator.Machine(1, 3, 3, 3, false, 3, 3, 1, false, 0, 0)).run(tests);
        Simulator.Prediction shared =
                new Simulator(new Simulator.Machine(1, 3, 3, 3, false, 3, 3, 1, true, 0, 0)).run(tests);
        assertThat(apart.makespan()).isCloseTo(9, within(1e-6));
        assertThat(apart.bootCpuSeconds()).isCloseTo(9, within(1e-6));
        assertThat(shared.makespan()).isCloseTo(10, within(1e-6));
        assertThat(shared.bootCpuSeconds()).isCloseTo(3 + 1 + 1, within(1e-6));
    }

    @Test
    void theRunsStartUpAndShutdownAreAddedToItsTests() {
        double without = new Simulator(new Simulator.Machine(1, 2, 1, 1, false, 1, 3, 1, false, 0, 0))
                .run(List.of(A, B))
                .makespan();
        double with = new Simulator(new Simulator.Machine(1, 2, 1, 1, false, 1, 3, 1, false, 2.5, 0))
                .run(List.of(A, B))
                .makespan();
        assertThat(with - without).isCloseTo(2.5, within(1e-6));
    }

    @Test
    void scriptsThatComputeComeFirstAndBootsShareWhatTheyLeave() {
        // one core, two groups, one worker: c's east boots 0-3; c's scripts (3-7) keep half the core
        // busy, so d's west boots at half speed 3-7 (2 of its 3 CPU-seconds), then alone 7-8; d's scripts 8-9
        Simulator.SimTest computing = new Simulator.SimTest("c", List.of("east"), 4, 0, 0.5);
        Simulator.SimTest waiting = new Simulator.SimTest("d", List.of("west"), 1, 0);
        Simulator.SimTest calm = new Simulator.SimTest("c", List.of("east"), 4, 0);
        Simulator.Machine machine = new Simulator.Machine(1, 1, 2, 1, false, 1, 3, 1);
        assertThat(new Simulator(machine).run(List.of(computing, waiting)).makespan())
                .isCloseTo(9, within(1e-6));
        // scripts that only wait leave the core to the boot: west 3-6, d's scripts 6-7, c's end at 7
        assertThat(new Simulator(machine).run(List.of(calm, waiting)).makespan())
                .isCloseTo(7, within(1e-6));
    }

    @Test
    void eachBootsOtherWorkCostsNothingOnASpareCoreAndSlowsBootsOnAFullMachine() {
        // two cores: east's boot (3) and its 2 CPU-seconds besides run side by side; 3 + 5 + 1
        assertThat(new Simulator(new Simulator.Machine(1, 2, 1, 1, false, 1, 3, 1, false, 0, 2))
                        .run(List.of(B))
                        .makespan())
                .isCloseTo(9, within(1e-6));
        // one core: both at half speed until the other work is done at 4, the boot's last
        // CPU-second alone 4-5, then 5 + 5 + 1
        Simulator.Prediction full =
                new Simulator(new Simulator.Machine(1, 1, 1, 1, false, 1, 3, 1, false, 0, 2)).run(List.of(B));
        assertThat(full.makespan()).isCloseTo(11, within(1e-6));
        assertThat(full.bootCpuSeconds()).isCloseTo(3, within(1e-6));
    }

    @Test
    void aSweepsSerialPointGivesTheScriptLoadsAndTheWorkBesidesTheBoots() {
        PointResult serial = new PointResult(
                "w1-p1-snapshot-r1",
                "1",
                "1",
                "snapshot",
                1,
                100,
                0,
                "",
                2,
                2,
                Map.of(),
                10,
                1,
                3,
                0.5,
                3,
                0.5,
                3,
                0.5,
                0.8,
                0.1,
                0.1,
                Map.of("a", 4.0, "b", 2.0),
                Map.of("a", 2.0, "b", 0.0),
                Map.of("a", List.of("east"), "b", List.of("east")),
                3,
                0.5,
                null);
        assertThat(Simulation.scriptCores(serial)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 0.5, "b", 0.0));
        // busy 0.1 x 2 cores x 100 s = 20 CPU-seconds: 10 boots of 0.8, 2 in scripts, 10 besides
        assertThat(Simulation.overheadPerBoot(serial, 2)).isCloseTo(1.0, within(1e-9));
        PointResult unmeasured = new PointResult(
                "w1-p1-boot-r1",
                "1",
                "1",
                "boot",
                1,
                100,
                0,
                "",
                2,
                2,
                Map.of(),
                10,
                1,
                3,
                3,
                3,
                3,
                0,
                0,
                0,
                Double.NaN,
                Double.NaN,
                Map.of("a", 4.0),
                Map.of(),
                Map.of("a", List.of("east")),
                0,
                0,
                null);
        assertThat(Simulation.overheadPerBoot(unmeasured, 2)).isZero();
        assertThat(Simulation.scriptCores(unmeasured)).isEmpty();
    }
}
