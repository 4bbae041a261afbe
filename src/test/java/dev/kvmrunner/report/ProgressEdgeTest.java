package dev.kvmrunner.report;

import static dev.kvmrunner.suite.Files2.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.judge.Result;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.runner.Plan;
import dev.kvmrunner.runner.PlannedTest;
import dev.kvmrunner.runner.RunEvent;
import dev.kvmrunner.runner.Summary;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress line at its edges: fewer tests left than prefixes, a terminal without rows. */
class ProgressEdgeTest {
    @TempDir
    Path suite;

    private PlannedTest test(String name, double previousRuntime) {
        Path dir = suite.resolve(name);
        write(
                dir,
                "OUTPUT/RESULT",
                "{\"testname\":\"" + name + "\",\"result\":\"passed\",\"runtime\":" + previousRuntime + "}\n");
        return new PlannedTest(name, "kvmplutotest", "good", dir, "suite/" + name, List.of("east"), List.of());
    }

    private static Plan plan(List<PlannedTest> tests, List<String> prefixes) {
        return new Plan(
                tests,
                prefixes,
                1,
                "process",
                new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0),
                Set.of());
    }

    private static Duration s(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    @Test
    void withFewerTestsLeftThanPrefixesTheEtaIsTheLongestTestLeft() {
        PlannedTest only = test("only-01", 10.0);
        Progress progress = new Progress();
        progress.on(new RunEvent.RunStarted(s(0), plan(List.of(only), List.of("a.", "b.")), Instant.now()));
        assertThat(progress.eta(s(0))).isEqualTo(s(10)); // not 10 / 2 prefixes: one test runs on one prefix
        progress.on(new RunEvent.TestStarted(s(0), "a.", only, 1, 1));
        assertThat(progress.eta(s(4))).isEqualTo(s(6));
    }

    @Test
    void withMoreTestsThanPrefixesTheWorkIsShared() {
        List<PlannedTest> tests =
                List.of(test("t-01", 10.0), test("t-02", 10.0), test("t-03", 10.0), test("t-04", 10.0));
        Progress progress = new Progress();
        progress.on(new RunEvent.RunStarted(s(0), plan(tests, List.of("a.", "b.")), Instant.now()));
        assertThat(progress.eta(s(0))).isEqualTo(s(20));
    }

    @Test
    void aTerminalWithoutRowsGetsPlainLinesAndNoStatusLine() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream previousErr = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try (Terminal terminal = new ExternalTerminal(
                "no-rows", "xterm", new ByteArrayInputStream(new byte[0]), screen, StandardCharsets.UTF_8)) {
            terminal.setSize(new Size(0, 0)); // what script -qc without a tty reports
            TerminalProgress progress = new TerminalProgress(terminal, false);
            PlannedTest test = test("t-01", 1.0);
            progress.on(new RunEvent.RunStarted(s(0), plan(List.of(test), List.of("")), Instant.now()));
            progress.on(new RunEvent.Message(s(1), RunEvent.Level.INFO, "", "t-01", s(1), "hello"));
            progress.on(new RunEvent.TestFinished(
                    s(2),
                    "",
                    test,
                    new TestRecord(
                            "t-01",
                            "good",
                            Result.PASSED,
                            new TreeMap<>(),
                            List.of("east"),
                            Instant.EPOCH,
                            Instant.EPOCH,
                            0,
                            0,
                            1),
                    false,
                    Double.NaN));
            progress.on(new RunEvent.RunFinished(s(3), new Summary()));
        } finally {
            System.setErr(previousErr);
        }
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("runner t-01").contains("hello").doesNotContain("ETA");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("Exception");
    }
}
