package dev.kvmrunner.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.domain.fake.FakeBackend;
import dev.kvmrunner.judge.Issue;
import dev.kvmrunner.judge.Markers;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.judge.Verdict;
import dev.kvmrunner.report.LogLines;
import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.testing.Await;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerTest {
    private static final Timeouts FAST =
            new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), 1.0);

    @TempDir
    Path suite;

    private final List<RunEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** Passes when every host's transcript ends with the DONE marker; the real judge is tested on its own. */
    private static final TestJudge DONE_JUDGE = (test, output) -> {
        for (String host : test.hosts()) {
            try {
                Path transcript = output.resolve(host + ".console.verbose.txt");
                if (!Files.exists(transcript) || !Files.readString(transcript).endsWith(Markers.DONE)) {
                    return Verdict.builder(test.hosts())
                            .passed()
                            .unresolved()
                            .issue(host, Issue.OUTPUT_TRUNCATED)
                            .build();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Verdict.builder(test.hosts()).passed().build();
    };

    private PlannedTest test(String name, String... hostCommands) throws IOException {
        Path dir = Files.createDirectories(suite.resolve(name));
        List<PlannedTest.Command> commands = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (String hc : hostCommands) {
            String host = hc.substring(0, hc.indexOf(':'));
            if (!hosts.contains(host)) {
                hosts.add(host);
            }
            commands.add(new PlannedTest.Command(
                    host, hc.substring(hc.indexOf(':') + 1), host + "init.sh", commands.size() + 1));
        }
        return new PlannedTest(
                name, "kvmplutotest", "good", dir, name, hosts.stream().sorted().toList(), commands);
    }

    private Summary run(FakeBackend backend, Plan plan, RunContext context) {
        RunListener collect = events::add;
        RunListener log = e -> {
            if (e instanceof RunEvent.Message m) {
                lines.add(LogLines.format(m));
            }
        };
        return new Runner(plan, backend, DONE_JUDGE, List.of(collect, log), context, suite.resolve("work"), System.err)
                .run();
    }

    @Test
    void runsTestsOnTwoPrefixesAndLogsLikeLibreswan() throws IOException {
        FakeBackend backend = new FakeBackend();
        List<PlannedTest> tests = List.of(
                test("one", "east:echo a", "west:echo b"),
                test("two", "west:echo c"),
                test("three", "east:echo d", "road:echo e"),
                test("four", "north:echo f"));
        Plan plan = new Plan(tests, List.of("a.", "b."), 2, "fake", FAST, Set.of());

        Summary summary = run(backend, plan, new RunContext());

        assertThat(summary.count(Result.PASSED)).isEqualTo(4);
        assertThat(summary.allPassed()).isTrue();
        assertThat(lines)
                .anyMatch(l -> l.matches("runner \\d+\\.\\d\\d: using a pool of 2 worker threads to reboot domains"));
        assertThat(lines)
                .anyMatch(l -> l.endsWith("using the parallel test processor and domain prefixes ['a.', 'b.']"));
        assertThat(lines)
                .anyMatch(
                        l -> l.matches(
                                "[ab]\\.runner one \\d+\\.\\d\\d/\\d+\\.\\d\\d: submitting boot-and-login jobs for test domains: [ab]\\.east [ab]\\.west"));
        assertThat(lines)
                .anyMatch(l -> l.matches(
                        "[ab]\\.runner \\w+ [\\d.]+/[\\d.]+: \\d+ shutdown/reboot jobs ahead of us in the queue"));
        assertThat(lines)
                .anyMatch(l -> l.matches(
                        "[ab]\\.runner \\w+ [\\d.]+/[\\d.]+: submitted \\d+ jobs; currently \\d+ jobs pending"));
        assertThat(lines)
                .anyMatch(l -> l.matches("[ab]\\.runner \\w+ [\\d.]+/[\\d.]+: domains started after [\\d.]+ seconds"));
        assertThat(lines)
                .anyMatch(l -> l.matches("[ab]\\.runner three [\\d.]+/[\\d.]+: running script road:roadinit.sh"));
        assertThat(lines)
                .anyMatch(
                        l -> l.matches(
                                "[ab]\\.runner two [\\d.]+/[\\d.]+: \\*\\*\\*\\*\\*\\* two \\(test 2 of 4\\) passed \\*\\*\\*\\*\\*\\*"));
        for (PlannedTest t : tests) {
            TestRecord record = ResultFile.read(t.outputDirectory()).orElseThrow();
            assertThat(record.result()).isEqualTo(Result.PASSED);
            assertThat(record.hosts()).isEqualTo(t.hosts());
            assertThat(record.expect()).isEqualTo("good");
            assertThat(record.stopTime()).isAfterOrEqualTo(record.startTime());
        }
        assertThat(Files.readString(tests.get(0).outputDirectory().resolve("east.console.verbose.txt")))
                .isEqualTo(Markers.cut("eastinit.sh") + "echo a\na\n[fake@east one]# " + Markers.DONE);
        assertThat(backend.running()).isEmpty();
        assertThat(suite.resolve("work")).doesNotExist();
    }

    @Test
    void unusedDomainsAreShutDownAndUsedOnesRebooted() throws IOException {
        FakeBackend backend = new FakeBackend();
        Plan plan = new Plan(
                List.of(test("one", "east:echo a", "west:echo b"), test("two", "west:echo c")),
                List.of("a."),
                1,
                "fake",
                FAST,
                Set.of());
        run(backend, plan, new RunContext());
        assertThat(backend.journal)
                .containsSubsequence("boot a.east", "boot a.west", "shutdown a.east", "shutdown a.west", "boot a.west");
        assertThat(lines)
                .anyMatch(l -> l.contains("a.runner two")
                        && l.endsWith("submitting shutdown jobs for unused domains: a.east"));
        assertThat(lines).anyMatch(l -> l.endsWith("using the serial test processor and domain prefix 'a.'"));
    }

    @Test
    void bootFailureIsUnresolvedAndTheNextTestStillRuns() throws IOException {
        FakeBackend backend = new FakeBackend().failBoot("road");
        Plan plan = new Plan(
                List.of(test("broken", "road:echo x", "east:echo y"), test("fine", "east:echo z")),
                List.of(""),
                1,
                "fake",
                FAST,
                Set.of());
        Summary summary = run(backend, plan, new RunContext());
        TestRecord broken = ResultFile.read(suite.resolve("broken/OUTPUT")).orElseThrow();
        assertThat(broken.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(broken.issues()).containsEntry("road", List.of("boot-failed"));
        assertThat(ResultFile.read(suite.resolve("fine/OUTPUT")).orElseThrow().result())
                .isEqualTo(Result.PASSED);
        assertThat(summary.count(Result.UNRESOLVED)).isEqualTo(1);
        assertThat(lines).anyMatch(l -> l.contains("error: road: boot failed: road refuses to boot"));
    }

    @Test
    void aBootFailureIsRetriedAndRecordedAndTheTestThenPasses() throws IOException {
        FakeBackend backend = new FakeBackend().failBoots("west", 1);
        Plan plan = new Plan(
                List.of(test("flaky", "east:echo a", "west:echo b")), List.of(""), 1, "fake", FAST, Set.of(), 1);
        Summary summary = run(backend, plan, new RunContext());
        TestRecord record = ResultFile.read(suite.resolve("flaky/OUTPUT")).orElseThrow();
        assertThat(record.result()).isEqualTo(Result.PASSED);
        assertThat(record.bootAttempts()).isEqualTo(2);
        assertThat(summary.allPassed()).isTrue();
        assertThat(lines)
                .anyMatch(l ->
                        l.endsWith("warning: boot failed on west; booting the test's domains again (attempt 2 of 2)"));
        // every boot is an event; the failed one is reported as such (and teaches the admission controller nothing)
        assertThat(events)
                .filteredOn(RunEvent.BootFinished.class::isInstance)
                .map(e -> ((RunEvent.BootFinished) e).succeeded())
                .containsExactlyInAnyOrder(true, false, true, true);
    }

    @Test
    void aBootNeverCountsMoreBootsBesideItThanThePoolHolds() throws IOException {
        // one worker, three groups queueing for it: each boot ran alone. (A boot that ended was once
        // counted until after its slot had gone to the next job, which then saw two boots at once.)
        FakeBackend backend = new FakeBackend();
        List<PlannedTest> tests = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tests.add(test("t" + i, "east:echo " + i, "west:echo " + i));
        }
        Plan plan = new Plan(tests, List.of("a.", "b.", "c."), 1, "fake", FAST, Set.of());
        assertThat(run(backend, plan, new RunContext()).allPassed()).isTrue();
        assertThat(events)
                .filteredOn(RunEvent.BootFinished.class::isInstance)
                .hasSize(24)
                .allMatch(e -> ((RunEvent.BootFinished) e).concurrency() == 1);
    }

    @Test
    void aFirstBootThatRestoredAnotherGroupsSnapshotCountsAsAReset() throws IOException {
        // with shared snapshots, group b.'s first boot of east restores what a.'s cold boot saved:
        // counted as a cold boot it would pass a restore off as the unloaded time of a boot
        FakeBackend backend = new FakeBackend().restoring("east");
        Plan plan = new Plan(
                List.of(test("one", "east:echo a"), test("two", "east:echo b")),
                List.of("a.", "b."),
                1,
                "fake",
                FAST,
                Set.of());
        run(backend, plan, new RunContext());
        assertThat(events)
                .filteredOn(RunEvent.BootFinished.class::isInstance)
                .map(e -> ((RunEvent.BootFinished) e).kind())
                .containsExactlyInAnyOrder("first", "again");
    }

    @Test
    void whereGroupsShareFirstBootsAHostBootsColdOnceWhileTheOtherGroupsWaitForIt() throws IOException {
        FakeBackend backend =
                new FakeBackend().restoring("east").sharingFirstBoots().bootTakes(Duration.ofMillis(300));
        Plan plan = new Plan(
                List.of(test("one", "east:echo a"), test("two", "east:echo b"), test("three", "east:echo c")),
                List.of("a.", "b.", "c."),
                3,
                "fake",
                FAST,
                Set.of());
        Summary summary = run(backend, plan, new RunContext());
        assertThat(summary.allPassed()).isTrue();
        // three workers were free, yet the other groups' boots of east began only once the first had ended
        List<String> bootsOfEast = backend.journal.stream()
                .filter(l -> l.startsWith("boot") && l.endsWith("east"))
                .toList();
        assertThat(bootsOfEast).hasSize(6);
        assertThat(bootsOfEast.get(1)).startsWith("booted ");
        assertThat(events)
                .filteredOn(RunEvent.BootFinished.class::isInstance)
                .map(e -> ((RunEvent.BootFinished) e).kind())
                .containsExactlyInAnyOrder("first", "again", "again");
    }

    @Test
    void aGuestStuckBeforeItsLoginPromptIsABootFailureThatShowsItsConsole() throws IOException {
        FakeBackend backend =
                new FakeBackend().login("east").stuck("east", "Loading initrd\nKernel panic - not syncing: VFS\n");
        Timeouts shortBoot = new Timeouts(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(5), 1.0);
        Plan plan = new Plan(List.of(test("stuck", "east:echo x")), List.of(""), 1, "fake", shortBoot, Set.of());
        run(backend, plan, new RunContext());
        TestRecord record = ResultFile.read(suite.resolve("stuck/OUTPUT")).orElseThrow();
        assertThat(record.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(record.issues().get("east")).contains("boot-failed");
        assertThat(lines)
                .anyMatch(l -> l.contains("error: east: boot failed: east: ")
                        && l.contains("the login prompt")
                        && l.contains("; console showed: Loading initrd"));
        assertThat(suite.resolve("stuck/OUTPUT/east.console.boot.txt"))
                .content()
                .contains("Kernel panic - not syncing: VFS");
    }

    @Test
    void aBootThatKeepsFailingIsUnresolvedAfterTheLastAttempt() throws IOException {
        FakeBackend backend = new FakeBackend().failBoot("west");
        Plan plan = new Plan(List.of(test("broken", "west:echo b")), List.of(""), 1, "fake", FAST, Set.of(), 2);
        run(backend, plan, new RunContext());
        TestRecord record = ResultFile.read(suite.resolve("broken/OUTPUT")).orElseThrow();
        assertThat(record.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(record.issues().get("west")).contains("boot-failed");
        assertThat(record.bootAttempts()).isEqualTo(3);
        assertThat(backend.journal.stream().filter(e -> e.equals("boot west")).count())
                .isEqualTo(3);
    }

    @Test
    void aSilentConsoleIsABootFailureWithinTheBootTimeout() throws IOException {
        FakeBackend backend = new FakeBackend().silent("north");
        Timeouts shortBoot = new Timeouts(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(5), 1.0);
        Plan plan = new Plan(List.of(test("mute", "north:echo x")), List.of(""), 1, "fake", shortBoot, Set.of());
        run(backend, plan, new RunContext());
        TestRecord record = ResultFile.read(suite.resolve("mute/OUTPUT")).orElseThrow();
        assertThat(record.issues().get("north")).contains("boot-failed");
        assertThat(record.bootTime()).isLessThan(5.0);
    }

    @Test
    void aHungCommandWritesTheTimeoutMarkerAndStopsTheScripts() throws IOException {
        FakeBackend backend = new FakeBackend();
        Timeouts shortCommand = new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(5), 1.0);
        Plan plan = new Plan(
                List.of(test("hung", "west:echo before", "west:hang", "west:echo after")),
                List.of(""),
                1,
                "fake",
                shortCommand,
                Set.of());
        run(backend, plan, new RunContext());
        String transcript = Files.readString(suite.resolve("hung/OUTPUT/west.console.verbose.txt"));
        assertThat(transcript)
                .contains("before\n")
                .contains(Markers.timeout("west", "westinit.sh"))
                .doesNotContain("after");
        assertThat(transcript).endsWith(Markers.DONE);
        assertThat(lines)
                .anyMatch(l -> l.contains("warning: *** timeout while running test script west:westinit.sh *** "
                        + "(the machine was not overloaded: boots took 1.0x their unloaded time;"));
    }

    @Test
    void skipPassedDoesNotRerunAndKeepsTheOutput() throws IOException {
        FakeBackend backend = new FakeBackend();
        PlannedTest once = test("once", "east:echo a");
        run(backend, new Plan(List.of(once), List.of(""), 1, "fake", FAST, Set.of()), new RunContext());
        String first = Files.readString(once.outputDirectory().resolve(ResultFile.NAME));
        backend.journal.clear();
        lines.clear();
        Summary summary = run(
                backend,
                new Plan(List.of(once), List.of(""), 1, "fake", FAST, Set.of(Result.PASSED)),
                new RunContext());
        assertThat(summary.skipped()).isEqualTo(1);
        assertThat(backend.journal).isEmpty();
        assertThat(Files.readString(once.outputDirectory().resolve(ResultFile.NAME)))
                .isEqualTo(first);
        assertThat(lines).anyMatch(l -> l.endsWith("once (test 1 of 1) skipped (previously passed) ******"));
    }

    @Test
    void aRerunMovesThePreviousOutputToTheBackupDirectory() throws IOException {
        FakeBackend backend = new FakeBackend();
        PlannedTest again = test("again", "east:echo a");
        run(backend, new Plan(List.of(again), List.of(""), 1, "fake", FAST, Set.of()), new RunContext());
        run(backend, new Plan(List.of(again), List.of(""), 1, "fake", FAST, Set.of()), new RunContext());
        try (var backups = Files.list(suite.resolve("BACKUP"))) {
            Path stamp = backups.findFirst().orElseThrow();
            assertThat(stamp.resolve("again").resolve(ResultFile.NAME)).exists();
        }
        assertThat(again.outputDirectory().resolve(ResultFile.NAME)).exists();
    }

    @Test
    void cancellingEndsTheRunningTestAsInterruptedAndRunsNoMore() throws Exception {
        FakeBackend backend = new FakeBackend();
        Timeouts longCommand = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(5), 1.0);
        Plan plan = new Plan(
                List.of(test("stuck", "east:hang"), test("later", "east:echo x")),
                List.of(""),
                1,
                "fake",
                longCommand,
                Set.of());
        RunContext context = new RunContext();
        Thread canceller = new Thread(() -> {
            try {
                Await.until(
                        "the first script runs",
                        Duration.ofSeconds(10),
                        () -> lines.stream().anyMatch(l -> l.contains("running script east:eastinit.sh")));
                context.cancel();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        canceller.start();
        long t0 = System.nanoTime();
        Summary summary = run(backend, plan, context);
        canceller.join();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(summary.interrupted()).isTrue();
        assertThat(summary.notRun()).containsExactly("later");
        TestRecord stuck = ResultFile.read(suite.resolve("stuck/OUTPUT")).orElseThrow();
        assertThat(stuck.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(stuck.issues().get("east")).contains("interrupted");
        assertThat(backend.running()).isEmpty();
    }

    @Test
    void aFailingListenerDoesNotBreakTheRun() throws IOException {
        FakeBackend backend = new FakeBackend();
        RunListener broken = e -> {
            throw new IllegalStateException("boom");
        };
        PrintStream err = new PrintStream(new java.io.ByteArrayOutputStream());
        Summary summary = new Runner(
                        new Plan(List.of(test("x", "east:echo a")), List.of(""), 1, "fake", FAST, Set.of()),
                        backend,
                        DONE_JUDGE,
                        List.of(broken),
                        new RunContext(),
                        suite.resolve("work"),
                        err)
                .run();
        assertThat(summary.count(Result.PASSED)).isEqualTo(1);
    }
}
