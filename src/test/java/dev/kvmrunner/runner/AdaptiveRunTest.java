package dev.kvmrunner.runner;

import static org.assertj.core.api.Assertions.assertThat;

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
            Path dir = Files.createDirectories(suite.resolve("t" + i));
            tests.add(new PlannedTest(
                    "t" + i,
                    "kvmplutotest",
                    "good",
                    dir,
                    "t" + i,
                    List.of("east", "west"),
                    List.of(
                            new PlannedTest.Command("east", "echo " + i, "eastinit.sh", 1),
                            new PlannedTest.Command("west", "echo " + i, "westinit.sh", 1))));
        }
        return tests;
    }

    private Summary run(Plan plan, MachineRecord record) {
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
                        new FakeBackend(),
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
        assertThat(lines)
                .anyMatch(l -> l.contains(
                        "using an adaptive pool of 1 to 4 worker threads to reboot domains (--workers auto)"));
        assertThat(lines)
                .anyMatch(l ->
                        l.contains("domain prefixes ['a.', 'b.', 'c.']; 1 of them active at first (--prefixes auto)"));
        assertThat(lines).anyMatch(l -> l.matches("[bc]\\.runner .*: waiting: 1 test groups are active"));
        // every boot was reported, and the unloaded time of each kind and the boots that ran alone were recorded
        List<RunEvent.BootFinished> boots = events.stream()
                .filter(RunEvent.BootFinished.class::isInstance)
                .map(RunEvent.BootFinished.class::cast)
                .toList();
        assertThat(boots).hasSize(12).allMatch(RunEvent.BootFinished::succeeded);
        assertThat(boots).extracting(RunEvent.BootFinished::kind).contains("first", "again");
        MachineRecord.Entry learned = record.read("fake");
        assertThat(learned.firstBoot()).isPositive();
        assertThat(learned.aloneFirst().size() + learned.aloneAgain().size())
                .as("boots that ran alone (one boot slot at first)")
                .isPositive();
        assertThat(learned.groups()).isBetween(1, 3);
        assertThat(learned.boots()).isBetween(1, 4);
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
}
