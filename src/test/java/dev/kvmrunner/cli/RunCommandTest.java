package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.domain.ProcessTree;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.testing.RequiresTools;
import dev.kvmrunner.testing.Slow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example suite, run for real on the process backend through the command line. */
@RequiresTools({"perl"}) // examples/basic sanitizes process ids with a perl script
@Slow
class RunCommandTest {
    private static final List<String> GOOD = List.of(
            "basic-01",
            "shared-file-01",
            "timestamps-01",
            "pids-01",
            "ordered-scripts-01",
            "all-hosts-01",
            "exit-status-01",
            "four-hosts-01",
            "environment-01");

    @TempDir
    Path root;

    Path suite;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void copyTheExampleSuite() throws IOException {
        suite = root.resolve("basic");
        Path examples = Path.of("examples/basic").toAbsolutePath();
        try (var files = Files.walk(examples)) {
            for (Path from : files.filter(p ->
                            !p.toString().contains("OUTPUT") && !p.toString().contains("BACKUP"))
                    .toList()) {
                Path to = suite.resolve(examples.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
    }

    private int run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
    }

    @Test
    void theExampleSuitePassesOnTwoPrefixesWithTwoWorkersAndFailsItsWipTestsAsIntended() throws IOException {
        String runId = "test-" + UUID.randomUUID();
        int exit = run(
                "--workers",
                "2",
                "--prefix",
                "a.",
                "--prefix",
                "b.",
                "--run-id",
                runId,
                "--test-status",
                "good|wip",
                "--command-timeout",
                "2",
                suite.toString());

        assertThat(exit).as(out + "\n" + err).isEqualTo(ExitCodes.NOT_ALL_PASSED);
        for (String test : GOOD) {
            TestRecord record =
                    ResultFile.read(suite.resolve(test).resolve("OUTPUT")).orElseThrow();
            assertThat(record.result()).as(test + " " + record.issuesText()).isEqualTo(Result.PASSED);
            for (String host : record.hosts()) {
                Path output = suite.resolve(test).resolve("OUTPUT");
                assertThat(output.resolve(host + ".console.verbose.txt")).isNotEmptyFile();
                assertThat(output.resolve(host + ".console.txt"))
                        .hasSameTextualContentAs(suite.resolve(test).resolve(host + ".console.txt"));
                assertThat(output.resolve(host + ".console.diff")).isEmptyFile();
            }
            assertThat(suite.resolve(test).resolve("OUTPUT/debug.log")).isNotEmptyFile();
        }
        TestRecord different =
                ResultFile.read(suite.resolve("wip-output-different-01/OUTPUT")).orElseThrow();
        assertThat(different.result()).isEqualTo(Result.FAILED);
        assertThat(different.issues()).isEqualTo(Map.of("east", List.of("output-different")));
        assertThat(Files.readString(suite.resolve("wip-output-different-01/OUTPUT/east.console.diff")))
                .contains("-the answer is 41")
                .contains("+the answer is 42");
        TestRecord timeout =
                ResultFile.read(suite.resolve("wip-timeout-01/OUTPUT")).orElseThrow();
        assertThat(timeout.result()).isEqualTo(Result.FAILED);
        assertThat(timeout.issues()).isEqualTo(Map.of("west", List.of("timeout")));

        String log = out.toString();
        assertThat(log)
                .contains("runner 0.")
                .contains("using a pool of 2 worker threads to reboot domains")
                .contains("using the parallel test processor and domain prefixes ['a.', 'b.']");
        assertThat(log)
                .containsPattern(
                        "[ab]\\.runner basic-01 [\\d.:]+/[\\d.:]+: submitting boot-and-login jobs for test domains: [ab]\\.east [ab]\\.west");
        assertThat(log)
                .containsPattern(
                        "[ab]\\.runner \\S+ [\\d.:]+/[\\d.:]+: \\d+ shutdown/reboot jobs ahead of us in the queue");
        assertThat(log)
                .containsPattern(
                        "[ab]\\.runner \\S+ [\\d.:]+/[\\d.:]+: submitted \\d+ jobs; currently \\d+ jobs pending");
        assertThat(log).containsPattern("[ab]\\.runner \\S+ [\\d.:]+/[\\d.:]+: domains started after [\\d.]+ seconds");
        assertThat(log)
                .containsPattern(
                        "[ab]\\.runner ordered-scripts-01 [\\d.:]+/[\\d.:]+: running script west:01-west-east.sh");
        assertThat(log)
                .contains("Summary:")
                .contains("passed: 9")
                .contains("failed: 2")
                .contains("wip-output-different-01 failed east:output-different")
                .contains("wip-timeout-01 failed west:timeout");
        assertThat(ProcessTree.alive(ProcessTree.marked(runId))).isEmpty();
    }

    @Test
    void onlyGoodTestsByDefaultAndTheyAllPass() {
        int exit = run("--test-name", "basic|pids", suite.toString());
        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("passed: 2");
        assertThat(suite.resolve("wip-timeout-01/OUTPUT")).doesNotExist();
    }

    @Test
    void skipPassedRerunsOnlyWhatDidNotPass() throws IOException {
        assertThat(run("--test-name", "basic|wip-output", "--test-status", "good|wip", suite.toString()))
                .isEqualTo(ExitCodes.NOT_ALL_PASSED);
        String firstResult = Files.readString(suite.resolve("basic-01/OUTPUT/RESULT"));
        out.getBuffer().setLength(0);
        assertThat(run(
                        "--skip",
                        "passed",
                        "--test-name",
                        "basic|wip-output",
                        "--test-status",
                        "good|wip",
                        suite.toString()))
                .isEqualTo(ExitCodes.NOT_ALL_PASSED);
        assertThat(out.toString())
                .contains("basic-01 (test 1 of 2) skipped (previously passed)")
                .contains("wip-output-different-01 (test 2 of 2) started (previously failed)");
        assertThat(Files.readString(suite.resolve("basic-01/OUTPUT/RESULT"))).isEqualTo(firstResult);
        assertThat(suite.resolve("BACKUP")).isDirectory();
    }

    @Test
    void dryRunPrintsThePlanAndRunsNothing() {
        int exit = run("--dry-run", "--prefix", "a.", "--workers", "3", suite.toString());
        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("workers: 3")
                .contains("prefixes: 'a.'")
                .contains(
                        "ordered-scripts-01 [good] hosts east,west scripts east:eastinit.sh,west:01-west-east.sh,east:01-west-east.sh,east:02-east.sh");
        assertThat(suite.resolve("basic-01/OUTPUT")).doesNotExist();
    }

    @Test
    void badInputIsOneClearMessageAndExitTwoWithNothingWritten() throws IOException {
        Files.writeString(suite.resolve("TESTLIST"), "kvmplutotest basic-01 good\nkvmplutotest\n");
        assertThat(run(suite.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains(suite.resolve("TESTLIST") + ":2:");

        Files.writeString(suite.resolve("TESTLIST"), "kvmplutotest basic-01 good\n");
        for (List<String> bad : List.of(
                List.of("--prefix", "A B", "bad prefix 'A'"),
                List.of("--backend", "nosuch", "unknown backend 'nosuch'"),
                List.of("--workers", "0", "--workers 0"),
                List.of("--skip", "maybe", "--skip maybe"),
                List.of("--no-such-flag", "Unknown option: '--no-such-flag'"))) {
            err.getBuffer().setLength(0);
            String[] args = new String[bad.size()];
            for (int i = 0; i < bad.size() - 1; i++) {
                args[i] = bad.get(i);
            }
            args[bad.size() - 1] = suite.toString();
            assertThat(run(args)).as(String.join(" ", bad)).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(err.toString()).contains(bad.get(bad.size() - 1));
        }
        assertThat(suite.resolve("basic-01/OUTPUT")).doesNotExist();
        assertThat(run(root.resolve("nowhere").toString())).isEqualTo(ExitCodes.BAD_INPUT);
    }
}
