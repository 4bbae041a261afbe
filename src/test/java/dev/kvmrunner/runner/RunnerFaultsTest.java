package dev.kvmrunner.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.domain.fake.FakeBackend;
import dev.kvmrunner.judge.Issue;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.judge.Verdict;
import dev.kvmrunner.report.LogLines;
import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner under faults of its own: broken RESULT files, a vanished OUTPUT, a cancel while judging. */
class RunnerFaultsTest {
    private static final Timeouts FAST =
            new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), 1.0);

    @TempDir
    Path suite;

    private final List<String> lines = new CopyOnWriteArrayList<>();

    private PlannedTest test(String name) throws IOException {
        Path dir = Files.createDirectories(suite.resolve(name));
        return new PlannedTest(
                name,
                "kvmplutotest",
                "good",
                dir,
                name,
                List.of("east"),
                List.of(new PlannedTest.Command("east", "echo " + name, "eastinit.sh", 1)));
    }

    private Summary run(Plan plan, TestJudge judge, RunContext context) {
        RunListener log = e -> {
            if (e instanceof RunEvent.Message m) {
                lines.add(LogLines.format(m));
            }
        };
        return new Runner(plan, new FakeBackend(), judge, List.of(log), context, suite.resolve("work"), System.err)
                .run();
    }

    private static Verdict passed(PlannedTest test) {
        return Verdict.builder(test.hosts()).passed().build();
    }

    @Test
    void aPreviousResultOfNullOrEmptyObjectIsTreatedAsMissingWithAWarning() throws IOException {
        PlannedTest nullResult = test("null-01");
        PlannedTest emptyResult = test("empty-02");
        Files.createDirectories(nullResult.outputDirectory());
        Files.writeString(nullResult.outputDirectory().resolve("RESULT"), "null\n");
        Files.createDirectories(emptyResult.outputDirectory());
        Files.writeString(emptyResult.outputDirectory().resolve("RESULT"), "{}\n");

        Summary summary = run(
                new Plan(List.of(nullResult, emptyResult), List.of("a."), 1, "fake", FAST, Set.of(Result.PASSED)),
                (test, output) -> passed(test),
                new RunContext());

        assertThat(summary.ran()).isEqualTo(2);
        assertThat(summary.allPassed()).isTrue();
        assertThat(lines)
                .anyMatch(
                        l -> l.contains("null-01") && l.contains("RESULT names no test or result, treated as missing"));
        assertThat(lines).noneMatch(l -> l.contains("NullPointerException"));
        assertThat(ResultFile.read(emptyResult.outputDirectory()).orElseThrow().result())
                .isEqualTo(Result.PASSED);
    }

    @Test
    void aTestWhoseOutputCannotBeWrittenIsUnresolvedWithRunnerFailedAndTheRunStopsCleanly() throws IOException {
        PlannedTest vanishing = test("vanish-01");
        PlannedTest next = test("next-02");
        TestJudge judge = (test, output) -> {
            if (test.equals(vanishing)) {
                // OUTPUT deleted mid-run and a file in its place: RESULT cannot be written
                dev.kvmrunner.domain.FileTrees.deleteRecursively(output);
                Files.writeString(output, "not a directory");
            }
            return passed(test);
        };

        Summary summary = run(
                new Plan(List.of(vanishing, next), List.of("a."), 1, "fake", FAST, Set.of()), judge, new RunContext());

        assertThat(summary.ran()).isEqualTo(1);
        assertThat(summary.allPassed()).isFalse();
        assertThat(summary.storageFailed()).isTrue();
        assertThat(summary.count(Result.UNRESOLVED)).isEqualTo(1);
        TestRecord failed = summary.notPassed().get(0);
        assertThat(failed.testName()).isEqualTo("vanish-01");
        assertThat(failed.issues()).containsEntry("east", List.of("runner-failed"));
        assertThat(lines).anyMatch(l -> l.contains("the runner failed on test vanish-01"));
        assertThat(lines)
                .anyMatch(l -> l.contains("cannot write the output of vanish-01") && l.endsWith("; stopping the run"));
        assertThat(summary.notRun()).containsExactly("next-02");
        assertThat(next.outputDirectory()).doesNotExist();
    }

    @Test
    void aCancelWhileJudgingRecordsInterruptedAndStillSavesTheOutput() throws Exception {
        PlannedTest test = test("judged-01");
        CountDownLatch judging = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        TestJudge slowJudge = (t, output) -> {
            if (attempts.incrementAndGet() == 1) {
                judging.countDown();
                Thread.sleep(Duration.ofMinutes(5).toMillis()); // a judge that only an interrupt ends
            }
            Files.writeString(output.resolve("east.console.txt"), "judged\n");
            return passed(t);
        };
        RunContext context = new RunContext();
        Thread canceller = new Thread(() -> {
            try {
                if (judging.await(30, TimeUnit.SECONDS)) {
                    context.cancel();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        canceller.start();
        long t0 = System.nanoTime();

        Summary summary = run(new Plan(List.of(test), List.of("a."), 1, "fake", FAST, Set.of()), slowJudge, context);

        canceller.join();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        assertThat(attempts).hasValue(2);
        TestRecord record = ResultFile.read(test.outputDirectory()).orElseThrow();
        assertThat(record.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(record.issues().get("east")).containsExactly(Issue.INTERRUPTED.label());
        assertThat(test.outputDirectory().resolve("east.console.txt")).hasContent("judged");
        assertThat(summary.interrupted()).isTrue();
    }
}
