package dev.kvmrunner.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.admission.AdmissionController;
import dev.kvmrunner.admission.MachineRecord;
import dev.kvmrunner.domain.fake.FakeBackend;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.judge.Verdict;
import dev.kvmrunner.report.LogLines;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --workers auto and --prefixes auto on the fake backend: the runner side of admission. */
class AdaptiveRunTest {
    private static final Timeouts FAST =
            new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), 1.0);

    @TempDir
    Path suite;

    private final List<RunEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private List<PlannedTest> tests(int count) throws IOException {
        List<PlannedTest> tests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tests.add(test(i, "west", "westinit.sh"));
        }
        return tests;
    }

    /** Test tI on east and OTHER, each running one echo (OTHER's in SCRIPT). */
    private PlannedTest test(int i, String other, String script) throws IOException {
        Path dir = Files.createDirectories(suite.resolve("t" + i));
        return new PlannedTest(
                "t" + i,
                "kvmplutotest",
                "good",
                dir,
                "t" + i,
                List.of("east", other),
                List.of(
                        new PlannedTest.Command("east", "echo " + i, "eastinit.sh", 1),
                        new PlannedTest.Command(other, "echo " + i, script, 1)));
    }

    private Summary run(Plan plan, MachineRecord record) {
        return run(plan, record, new FakeBackend());
    }

    private Summary run(Plan plan, MachineRecord record, FakeBackend backend) {
        RunListener collect = events::add;
        RunListener log = e -> {
            if (e instanceof RunEvent.Message m) {
                lines.add(LogLines.format(m));
            }
        };
        TestJudge passes =
                (test, output) -> Verdict.builder(test.hosts()).passed().build();
        return new Runner(
                        plan,
                        backend,
                        passes,
                        List.of(collect, log),
                        new RunContext(),
                        suite.resolve("work"),
                        System.err,
                        record)
                .run();
    }

    @Test
    void groupsBeyondTheActiveOnesWaitWithTheirDomainsDownAndEveryTestStillRuns() throws IOException {
        MachineRecord record = new MachineRecord(suite.resolve("state/machine.json"));
        // an earlier run settled on one active group: this one starts there
        record.update("fake", old -> new MachineRecord.Entry(0, 0, 0, 0, 1, 2));
        Plan plan = new Plan(
                tests(6), List.of("a.", "b.", "c."), 1, "fake", FAST, Set.of(), 0, new Plan.Adaptive(true, 4, true));
        Summary summary = run(plan, record);

        assertThat(summary.count(Result.PASSED)).isEqualTo(6);
        // no earlier run settled on a boot pool: it starts at two boots (or half the cores)
        int startBoots = AdmissionController.startingBoots(Runtime.getRuntime().availableProcessors(), 4);
        assertThat(startBoots).isBetween(2, 4);
        assertThat(lines)
                .anyMatch(l -> l.contains("using an adaptive pool of " + startBoots
                        + " to 4 worker threads to reboot domains (--workers auto)"));
        assertThat(lines)
                .anyMatch(l ->
                        l.contains("domain prefixes ['a.', 'b.', 'c.']; 1 of them active at first (--prefixes auto)"));
        assertThat(lines).anyMatch(l -> l.matches("[bc]\\.runner .*: waiting: 1 test groups are active"));
        // a group keeps its slot from test to test while the active groups are not cut (millisecond
        // boots never look inflated, so nothing cuts them here): no group that ran a test hands its
        // slot to a waiting one and shuts its domains down
        assertThat(lines).noneMatch(AdaptiveRunTest::lowered);
        assertThat(lines).noneMatch(l -> l.contains("waiting:") && l.contains("shutting down"));
        // every boot was reported, and the unloaded time of each kind and the boots that ran alone were recorded
        List<RunEvent.BootFinished> boots = events.stream()
                .filter(RunEvent.BootFinished.class::isInstance)
                .map(RunEvent.BootFinished.class::cast)
                .toList();
        assertThat(boots).hasSize(12).allMatch(RunEvent.BootFinished::succeeded);
        assertThat(boots).extracting(RunEvent.BootFinished::kind).contains("first", "again");
        assertThat(boots.get(0).startUp())
                .as("the first boot to finish started with the run")
                .isTrue();
        assertThat(boots.get(boots.size() - 1).startUp()).isFalse();
        MachineRecord.Entry learned = record.read("fake");
        assertThat(learned.firstBoot()).isPositive();
        assertThat(learned.aloneFirst().size() + learned.aloneAgain().size())
                .as("boots that ran alone (one boot slot at first)")
                .isPositive();
        assertThat(learned.groups()).isBetween(1, 3);
        assertThat(learned.boots()).isBetween(1, 4);
    }

    /**
     * t0-t3 on east and west, then t4 and t5 on road, whose guest computes (a CPU-second per
     * command), last in TESTLIST; a fixed run on two groups measures what each test's scripts kept
     * busy and records it in RECORD.
     */
    private List<PlannedTest> busyTestsRecordedByAFixedRun(MachineRecord record) throws IOException {
        List<PlannedTest> tests = new ArrayList<>(tests(4));
        for (int i = 4; i < 6; i++) {
            tests.add(test(i, "road", "roadrun.sh"));
        }
        Plan fixed = new Plan(tests, List.of("a.", "b."), 2, "fake", FAST, Set.of());
        assertThat(run(fixed, record, new FakeBackend().computing("road")).count(Result.PASSED))
                .isEqualTo(6);
        assertThat(record.scriptLoads("fake").get("t4")).isGreaterThanOrEqualTo(TestQueue.BUSY_CORES);
        return tests;
    }

    /**
     * An auto plan of TESTS on two groups, its boot pool starting at one boot more than the cores
     * (recorded in RECORD as where an earlier run settled); the events and lines so far are cleared.
     */
    private Plan autoFromAPoolOverTheCores(List<PlannedTest> tests, MachineRecord record) {
        int cores = Runtime.getRuntime().availableProcessors();
        record.update("fake", old -> new MachineRecord.Entry(0, 0, 0, cores + 1, 2, 2));
        events.clear();
        lines.clear();
        return new Plan(
                tests, List.of("a.", "b."), 1, "fake", FAST, Set.of(), 0, new Plan.Adaptive(true, cores + 1, true));
    }

    @Test
    void testsThatComputedInAnEarlierRunAreSpreadOutAndLeftACore() throws IOException {
        MachineRecord record = new MachineRecord(suite.resolve("state/machine.json"));
        List<PlannedTest> tests = busyTestsRecordedByAFixedRun(record);
        java.util.Map<String, Double> loads = record.scriptLoads("fake");
        assertThat(loads).containsOnlyKeys("t0", "t1", "t2", "t3", "t4", "t5");
        assertThat(loads.get("t0")).isZero();
        assertThat(lines).noneMatch(l -> l.contains("computed in an earlier run"));

        // auto, starting from a pool of one boot more than the cores: once a test has ended, t4 and t5
        // go first in turn, and the pool leaves each a core
        Plan auto = autoFromAPoolOverTheCores(tests, record);
        assertThat(run(auto, record, new FakeBackend().computing("road")).count(Result.PASSED))
                .isEqualTo(6);
        int cores = Runtime.getRuntime().availableProcessors();
        int atOnce = Math.max(1, cores / 2);
        assertThat(lines)
                .anyMatch(l -> l.contains("2 of the tests computed in an earlier run")
                        && l.contains(": t4 t5; at most " + atOnce + " of them at a time")
                        && l.contains("each with a core the boot pool leaves it (booting guests cannot yield the CPU"
                                + " here: the fake backend cannot lower a booting domain's priority)"));
        List<RunEvent.TestStarted> started = events.stream()
                .filter(RunEvent.TestStarted.class::isInstance)
                .map(RunEvent.TestStarted.class::cast)
                .toList();
        assertThat(started.stream()
                        .filter(s -> s.index() <= 2)
                        .map(s -> s.test().name()))
                .as("the groups' first tests are calm: the run's cold boots load the machine")
                .containsExactlyInAnyOrder("t0", "t1");
        assertThat(started.stream()
                        .filter(s -> s.index() == 3)
                        .map(s -> s.test().name()))
                .as("a busy test is handed out first once a test has ended and none runs")
                .containsExactly("t4");
        assertThat(lines)
                .anyMatch(l -> l.matches(".*t[45] .*boot pool: \\d+ -> \\d+ workers while the scripts run \\(t[45]"
                        + " computed in an earlier run.*"));
        // never more busy tests at once than allowed
        int running = 0;
        int most = 0;
        for (RunEvent event : events) {
            if (event instanceof RunEvent.TestStarted s && s.test().name().matches("t[45]")) {
                most = Math.max(most, ++running);
            } else if (event instanceof RunEvent.TestFinished f
                    && f.test().name().matches("t[45]")) {
                running--;
            }
        }
        assertThat(most).isBetween(1, atOnce);
    }

    @Test
    void whereBootsYieldToRunningTestsABusyTestIsSpreadOutButHoldsNoBootsBack() throws IOException {
        MachineRecord record = new MachineRecord(suite.resolve("state/machine.json"));
        Plan auto = autoFromAPoolOverTheCores(busyTestsRecordedByAFixedRun(record), record);
        assertThat(run(auto, record, new FakeBackend().computing("road").yieldingBoots())
                        .count(Result.PASSED))
                .isEqualTo(6);
        assertThat(lines)
                .anyMatch(l -> l.contains("2 of the tests computed in an earlier run")
                        && l.contains("each ahead of the booting guests, which yield the CPU to running tests"));
        assertThat(lines)
                .as("the boot pool stays whole while t4 and t5 run")
                .noneMatch(l -> l.contains("while the scripts run"));
        assertThat(events.stream()
                        .filter(RunEvent.TestStarted.class::isInstance)
                        .map(e -> ((RunEvent.TestStarted) e).test().name())
                        .filter(name -> name.matches("t[45]"))
                        .count())
                .isEqualTo(2);
    }

    /** The prefixes of the groups that started a test, each once. */
    private List<String> prefixesThatRanTests() {
        return events.stream()
                .filter(RunEvent.TestStarted.class::isInstance)
                .map(e -> ((RunEvent.TestStarted) e).prefix())
                .distinct()
                .toList();
    }

    /** "runner 1.00: test groups: 3 -> 2 active (...)": a change that cut the active groups. */
    private static boolean lowered(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("test groups: (\\d+) -> (\\d+) active")
                .matcher(line);
        return m.find() && Integer.parseInt(m.group(2)) < Integer.parseInt(m.group(1));
    }

    @Test
    void aGroupKeepsItsSlotFromTestToTestWhileTheActiveGroupsAreNotCut() throws IOException {
        MachineRecord record = new MachineRecord(suite.resolve("state/machine.json"));
        // boots of 1 s against 32 lone boots of 0.1 s recorded: every boot looks inflated (1.8x with
        // the second of tolerance), so the one active group stays the only one
        List<Double> fast = java.util.Collections.nCopies(32, 0.1);
        record.update("fake", old -> new MachineRecord.Entry(0.1, 0.1, 0, 1, 1, 2, fast, fast));
        Plan plan = new Plan(
                tests(3), List.of("a.", "b."), 1, "fake", FAST, Set.of(), 0, new Plan.Adaptive(false, 0, true));
        Summary summary = run(plan, record, new FakeBackend().bootTakes(Duration.ofSeconds(1)));

        assertThat(summary.count(Result.PASSED)).isEqualTo(3);
        assertThat(lines).noneMatch(l -> l.contains("test groups:"));
        // the group that took the slot ran every test; the other waited throughout, and none handed
        // its slot over and shut its domains down between tests
        assertThat(prefixesThatRanTests()).hasSize(1);
        assertThat(lines).noneMatch(l -> l.contains("waiting:") && l.contains("shutting down"));
    }

    @Test
    void aFixedRunChangesNoLimitAndRecordsOnlyBootTimes() throws IOException {
        MachineRecord record = new MachineRecord(suite.resolve("state/machine.json"));
        Plan plan = new Plan(tests(4), List.of("a.", "b."), 2, "fake", FAST, Set.of());
        assertThat(run(plan, record).count(Result.PASSED)).isEqualTo(4);
        assertThat(lines)
                .noneMatch(l -> l.contains("boot pool:") || l.contains("test groups:") || l.contains("waiting:"));
        MachineRecord.Entry learned = record.read("fake");
        assertThat(learned.firstBoot()).isPositive();
        assertThat(learned.boots()).isZero();
        assertThat(learned.groups()).isZero();
    }

    @Test
    void autoKeepsToTheGroupsWhoseDomainsFitInMemoryAndSaysSo() throws IOException {
        MachineRecord record = new MachineRecord(suite.resolve("state/machine.json"));
        Plan plan = new Plan(
                tests(6), List.of("a.", "b.", "c."), 1, "fake", FAST, Set.of(), 0, new Plan.Adaptive(true, 4, true));
        // domains of a tebibyte each: whatever this machine has, one group's two fit at most
        Summary summary = run(plan, record, new FakeBackend().domainsTake(1L << 20));

        assertThat(summary.count(Result.PASSED)).isEqualTo(6);
        assertThat(lines)
                .anyMatch(l -> l.contains("--prefixes auto: at most 1 of the 3 groups active: a group runs up to 2"
                        + " domains of 1048576 MiB each"))
                .anyMatch(l -> l.contains("1 of them active at first (--prefixes auto)"))
                .noneMatch(l -> l.matches(".*test groups: \\d+ -> ([2-9]|\\d\\d+) active.*"));
        assertThat(prefixesThatRanTests()).as("one group ran every test").hasSize(1);
    }

    @Test
    void fixedGroupsThatDoNotFitInMemoryAllRunAndAreWarnedOf() throws IOException {
        MachineRecord record = new MachineRecord(suite.resolve("state/machine.json"));
        Plan plan = new Plan(tests(6), List.of("a.", "b."), 2, "fake", FAST, Set.of());
        Summary summary = run(plan, record, new FakeBackend().domainsTake(1L << 20));

        assertThat(summary.count(Result.PASSED)).isEqualTo(6);
        assertThat(lines)
                .anyMatch(l -> l.contains("2 groups of up to 2 domains of 1048576 MiB each")
                        && l.contains("guests may be killed for want of memory (--prefixes auto would keep to 1"
                                + " active)"));
        assertThat(prefixesThatRanTests()).as("both groups ran tests").hasSize(2);
    }

    @Test
    void domainsThatFitSayNothingOfMemory() throws IOException {
        MachineRecord record = new MachineRecord(suite.resolve("state/machine.json"));
        Plan plan =
                new Plan(tests(4), List.of("a.", "b."), 1, "fake", FAST, Set.of(), 0, new Plan.Adaptive(true, 4, true));
        assertThat(run(plan, record, new FakeBackend().domainsTake(1)).count(Result.PASSED))
                .isEqualTo(4);
        assertThat(lines).noneMatch(l -> l.contains("memory"));
    }
}
