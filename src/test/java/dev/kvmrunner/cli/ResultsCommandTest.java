package dev.kvmrunner.cli;

import static dev.kvmrunner.suite.Files2.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.judge.Markers;
import dev.kvmrunner.results.ResultFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code results} on small hand-made suites and OUTPUT trees: printing, filters, exit codes, baselines. */
class ResultsCommandTest {

    @TempDir
    Path root;

    Path suite;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    /** A suite whose sanitizer only drops the runner's marker lines. */
    @BeforeEach
    void suite() {
        suite = root.resolve("suite");
        write(
                suite,
                "TESTLIST",
                "kvmplutotest pass-01 good\nkvmplutotest fail-02 good\nkvmplutotest two-03 good\n"
                        + "kvmplutotest untested-04 good\n");
        write(suite, "kvmrunner.toml", "hosts = [\"east\", \"west\"]\nsanitizers = [\"cut.sed\"]\n");
        write(suite, "cut.sed", "/^>>>>>>>>>>cut>>>>>>>>>>/d\n");
        test("pass-01", "east", "hello\n");
        test("fail-02", "east", "expected\n");
        test("two-03", "east", "e\n");
        write(suite, "two-03/westinit.sh", "true\n");
        write(suite, "two-03/west.console.txt", "w\n");
        test("untested-04", "east", "x\n");
        // the run: pass-01 passes, fail-02 differs, two-03 passes on both hosts
        output(suite.resolve("pass-01/OUTPUT"), "east", "hello\n", true);
        output(suite.resolve("fail-02/OUTPUT"), "east", "actual\n", true);
        output(suite.resolve("two-03/OUTPUT"), "east", "e\n", true);
        output(suite.resolve("two-03/OUTPUT"), "west", "w\n", true);
    }

    private void test(String name, String host, String expected) {
        write(suite, name + "/" + host + "init.sh", "true\n");
        write(suite, name + "/" + host + ".console.txt", expected);
    }

    static void output(Path output, String host, String text, boolean done) {
        write(
                output,
                host + ".console.verbose.txt",
                Markers.cut(host + "init.sh") + "\n" + text + (done ? Markers.DONE + "\n" : ""));
    }

    private int results(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "results";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.execute(new PrintWriter(out), new PrintWriter(err), all);
    }

    private List<String> lines() {
        return out.toString().lines().toList();
    }

    @Test
    void printsTestResultAndIssuesAndExitsOneWhenATestFailed() {
        int exit = results("--print", "test-name,result,errors", "--stats", "none", suite.toString());

        assertThat(lines()).containsExactly("pass-01 passed", "fail-02 failed east:output-different", "two-03 passed");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void exitOkAndResultFilter() {
        int exit =
                results("--print", "test-name", "--result", "failed", "--exit-ok", "--stats", "none", suite.toString());

        assertThat(lines()).containsExactly("fail-02");
        assertThat(exit).isZero();
    }

    @Test
    void skipNothingShowsUntestedTests() {
        results("--print", "test-name,result", "--skip", "", "--stats", "none", suite.toString());

        assertThat(lines()).contains("untested-04 untested");
    }

    @Test
    void statsSummaryAndDetailsLikeKvmresults() {
        results("--print", "test-name", "--stats", "details", suite.toString());

        // skipped tests count too, as kvmresults.py's add_skipped does
        assertThat(err.toString())
                .contains(
                        "Details:\n",
                        "  total/failed/good/output-different/east: fail-02\n",
                        "  total/passed: pass-01 two-03\n",
                        "Summary:\n  status/good/skipped/previous=untested: 1\n  total: 4\n  total/failed: 1\n  total/failed/good: 1\n"
                                + "  total/failed/good/output-different: 1\n  total/passed: 2\n  total/passed/good: 2\n"
                                + "  total/untested: 1\n  total/untested/good: 1\n");
    }

    @Test
    void jsonOneObjectPerLine() {
        results("--json", "--print", "test-name,result,errors,diffs", "--stats", "none", suite.toString());

        assertThat(lines()).hasSize(3);
        assertThat(lines().get(1))
                .isEqualTo("{\"test_name\":\"fail-02\",\"result\":\"failed\",\"errors\":{\"east\":"
                        + "[\"output-different\"]},\"diffs\":{\"east\":[\"--- MASTER/" + display("fail-02")
                        + "/east.console.txt\","
                        + "\"+++ OUTPUT/" + display("fail-02")
                        + "/east.console.txt\",\"@@ -1 +1 @@\",\"-expected\",\"+actual\"]}}");
    }

    private String display(String test) {
        return Path.of("").toAbsolutePath().relativize(suite.resolve(test)).toString();
    }

    @Test
    void perturbedOutputIsOutputDifferentAndAMissingDoneMarkerIsTruncated() {
        output(suite.resolve("pass-01/OUTPUT"), "east", "hello, changed\n", true);
        output(suite.resolve("two-03/OUTPUT"), "west", "w\n", false);

        results("--print", "test-name,result,errors", "--stats", "none", suite.toString());

        assertThat(lines())
                .containsExactly(
                        "pass-01 failed east:output-different",
                        "fail-02 failed east:output-different",
                        "two-03 unresolved west:output-truncated");
    }

    @Test
    void quickUsesTheSavedSanitizedOutputAndUpdateWritesIt() throws IOException {
        results("--update", "--stats", "none", suite.resolve("fail-02").toString());
        assertThat(suite.resolve("fail-02/OUTPUT/east.console.txt")).hasContent("actual\n");
        assertThat(Files.readString(suite.resolve("fail-02/OUTPUT/east.console.diff")))
                .contains("-expected\n+actual\n");

        // the saved sanitized output now says what was expected: quick believes it, a full judgement does not
        write(suite, "fail-02/OUTPUT/east.console.txt", "expected\n");
        results(
                "--quick",
                "--print",
                "test-name,result",
                "--stats",
                "none",
                suite.resolve("fail-02").toString());
        assertThat(lines()).containsExactly("fail-02 passed");
        results(
                "--print",
                "test-name,result",
                "--stats",
                "none",
                suite.resolve("fail-02").toString());
        assertThat(lines()).containsExactly("fail-02 failed");
    }

    @Test
    void updateRewritesTheResultFileKeepingTimes() throws IOException {
        write(
                suite,
                "fail-02/OUTPUT/RESULT",
                "{\"testname\":\"fail-02\",\"expect\":\"good\",\"result\":\"passed\","
                        + "\"issues\":{},\"hosts\":[\"east\"],\"boot_time\":1.5,\"script_time\":2.5,\"runtime\":4.0}\n");

        results(
                "--update",
                "--print",
                "test-name,result,boot-time,script-time",
                "--stats",
                "none",
                suite.resolve("fail-02").toString());

        assertThat(lines()).containsExactly("fail-02 failed 1.5 2.5");
        var record = ResultFile.read(suite.resolve("fail-02/OUTPUT")).orElseThrow();
        assertThat(record.result().toString()).isEqualTo("failed");
        assertThat(record.issuesText()).isEqualTo("east:output-different");
        assertThat(record.runtime()).isEqualTo(4.0);
    }

    @Test
    void savedOutputAndOutputTreesAreJudgedAgainstTheirTests() throws IOException {
        Path backup = root.resolve("BACKUP/2024");
        output(backup.resolve("pass-01"), "east", "hello\n", true);
        output(backup.resolve("fail-02/OUTPUT"), "east", "expected\n", true);

        results(
                "--suite",
                suite.toString(),
                "--print",
                "test-name,result,saved-output-directory",
                "--stats",
                "none",
                backup.toString());
        String relative = Path.of("").toAbsolutePath().relativize(backup).toString();
        assertThat(lines())
                .containsExactly(
                        "fail-02 passed " + relative + "/fail-02/OUTPUT", "pass-01 passed " + relative + "/pass-01");

        results(
                "--print",
                "path,result",
                "--stats",
                "none",
                suite.resolve("fail-02/OUTPUT").toString());
        assertThat(lines()).containsExactly(display("fail-02") + "/OUTPUT failed");
    }

    @Test
    void savedOutputWithoutItsSuiteIsBadInput() {
        Path saved = root.resolve("elsewhere/pass-01");
        output(saved, "east", "hello\n", true);

        assertThat(results(saved.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--suite");
    }

    // ---- baselines ----

    /** A baseline OUTPUT tree: test name → east's output (null: no OUTPUT for the test). */
    private Path baseline(String... testAndOutput) {
        Path tree = root.resolve("baseline");
        for (int i = 0; i < testAndOutput.length; i += 2) {
            output(tree.resolve(testAndOutput[i] + "/OUTPUT"), "east", testAndOutput[i + 1], true);
        }
        return tree;
    }

    @Test
    void baselineInEveryDirection() {
        // pass-01 passes now, failed in the baseline; fail-02 fails now, passed in the baseline
        Path tree = baseline("pass-01", "other\n", "fail-02", "expected\n", "two-03", "e\n", "untested-04", "x\n");
        output(tree.resolve("two-03/OUTPUT"), "west", "w\n", true);

        int exit = results(
                "--baseline",
                tree.toString(),
                "--suite",
                suite.toString(),
                "--print",
                "test-name,result,errors",
                "--stats",
                "none",
                suite.toString());

        assertThat(lines())
                .containsExactly(
                        "pass-01 passed east:baseline-failed", "fail-02 failed east:baseline-passed,output-different");
        assertThat(err.toString()).contains("printed 2 of 3 tests, those whose outcome differs from the baseline");
        assertThat(exit).isEqualTo(1);
    }

    @Test
    void failingDifferentlyIsBaselineDifferentAndNotPrinted() {
        Path tree = baseline("pass-01", "hello\n", "fail-02", "another\n", "two-03", "e\n");
        output(tree.resolve("two-03/OUTPUT"), "west", "w\n", true);

        results(
                "--baseline",
                tree.toString(),
                "--print",
                "test-name,result,errors",
                "--stats",
                "none",
                suite.toString());
        assertThat(lines()).isEmpty();

        results(
                "--baseline",
                tree.toString(),
                "--print",
                "test-name,result,errors",
                "--stats",
                "details",
                suite.toString());
        assertThat(err.toString()).contains("total/failed/good/baseline-different/east: fail-02");
    }

    @Test
    void failingTheSameWayAddsNothing() {
        Path tree = baseline("fail-02", "actual\n");

        results(
                "--baseline",
                tree.toString(),
                "--print",
                "test-name,errors",
                "--stats",
                "details",
                suite.resolve("fail-02").toString());

        assertThat(err.toString())
                .doesNotContain("/baseline-")
                .contains("total/failed/good/output-different/east: fail-02");
    }

    @Test
    void absentUntestedAndUnresolvedBaselines() throws IOException {
        Path tree = baseline("pass-01", "hello\n");
        // fail-02 is in the baseline but its output is truncated: unresolved
        write(tree, "fail-02/OUTPUT/east.console.verbose.txt", "expected\n");
        // two-03 has no directory in the tree: as kvmresults.py, the tree stands for the suite, so it is untested there

        results("--baseline", tree.toString(), "--print", "test-name,errors", "--stats", "details", suite.toString());

        assertThat(err.toString())
                .contains(
                        "total/failed/good/unresolved/baseline: fail-02",
                        "total/passed/good/untested/baseline: two-03");
    }

    @Test
    void aTestNotInABaselineSuiteIsAbsent() {
        Path old = root.resolve("old");
        write(old, "TESTLIST", "kvmplutotest pass-01 good\n");
        write(old, "pass-01/eastinit.sh", "true\n");
        write(old, "pass-01/east.console.txt", "hello\n");
        output(old.resolve("pass-01/OUTPUT"), "east", "hello\n", true);

        results("--baseline", old.toString(), "--print", "test-name,errors", "--stats", "details", suite.toString());

        assertThat(err.toString())
                .contains("total/failed/good/absent/baseline: fail-02", "total/passed/good/absent/baseline: two-03")
                .doesNotContain("absent/baseline: pass-01");
    }

    @Test
    void baselineSuiteWithFewerHostsIsBaselineMissing() {
        Path old = root.resolve("old");
        write(old, "TESTLIST", "kvmplutotest two-03 good\n");
        write(old, "kvmrunner.toml", "hosts = [\"east\", \"west\"]\nsanitizers = [\"cut.sed\"]\n");
        write(old, "cut.sed", "/^>>>>>>>>>>cut>>>>>>>>>>/d\n");
        write(old, "two-03/eastinit.sh", "true\n");
        write(old, "two-03/east.console.txt", "e\n");
        output(old.resolve("two-03/OUTPUT"), "east", "different\n", true);
        output(suite.resolve("two-03/OUTPUT"), "west", "changed\n", true);

        results(
                "--baseline",
                old.toString(),
                "--print",
                "test-name,result,errors",
                "--stats",
                "none",
                suite.resolve("two-03").toString());
        assertThat(err.toString()).contains("printed 1 of 1");
        assertThat(lines())
                .containsExactly("two-03 failed east:baseline-failed west:baseline-missing,output-different");
    }

    @Test
    void notABaselineIsBadInput() {
        assertThat(results("--baseline", root.resolve("nothing").toString(), suite.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("not a baseline");
    }

    @Test
    void anUnreadableResultIsTreatedAsMissingWithAWarning() throws IOException {
        Files.writeString(suite.resolve("pass-01/OUTPUT/RESULT"), "null\n");
        Files.writeString(suite.resolve("two-03/OUTPUT/RESULT"), "{}\n");
        Files.writeString(suite.resolve("fail-02/OUTPUT/RESULT"), "\u0000garbage");

        int exit = results("--print", "test-name,result,errors", "--stats", "none", suite.toString());

        assertThat(lines()).containsExactly("pass-01 passed", "fail-02 failed east:output-different", "two-03 passed");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .doesNotContain("internal error")
                .contains("kvmrunner: warning: " + suite.resolve("pass-01/OUTPUT/RESULT")
                        + ": RESULT names no test or result, treated as missing")
                .contains(suite.resolve("two-03/OUTPUT/RESULT") + ": RESULT names no test or result")
                .contains(suite.resolve("fail-02/OUTPUT/RESULT") + ": unreadable RESULT, treated as missing");
    }

    // ---- CI conventions: no OUTPUT, complete JSON, stable columns, regressions only ----

    @Test
    void aSuiteWithoutOutputSaysSoAndExitsFour() {
        Path fresh = root.resolve("fresh");
        write(fresh, "TESTLIST", "kvmplutotest a-01 good\nkvmplutotest b-02 good\n");
        write(fresh, "a-01/eastinit.sh", "true\n");
        write(fresh, "b-02/eastinit.sh", "true\n");

        assertThat(results("--stats", "none", fresh.toString())).isEqualTo(ExitCodes.NO_OUTPUT);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("no OUTPUT: none of the 2 selected tests has run yet");
        // one test with OUTPUT is enough to judge
        assertThat(results("--stats", "none", suite.toString())).isEqualTo(ExitCodes.NOT_ALL_PASSED);
    }

    @Test
    void jsonHasEveryFieldAndTextCanKeepEveryColumn() {
        results(
                "--json",
                "--print",
                "test-name,result,errors,saved-output-directory,baseline-directory,boot-time",
                "--stats",
                "none",
                suite.resolve("pass-01").toString());
        assertThat(lines())
                .containsExactly("{\"test_name\":\"pass-01\",\"result\":\"passed\",\"errors\":{},"
                        + "\"saved_output_directory\":null,\"baseline_directory\":null,\"boot_time\":null}");

        // as kvmresults.py: an empty field is left out
        results("--print", "test-name,errors,result", "--stats", "none", suite.toString());
        assertThat(lines()).containsExactly("pass-01 passed", "fail-02 east:output-different failed", "two-03 passed");
        // with --empty every line has every column
        results("--print", "test-name,errors,result", "--empty", "-", "--stats", "none", suite.toString());
        assertThat(lines())
                .containsExactly("pass-01 - passed", "fail-02 east:output-different failed", "two-03 - passed");
    }

    @Test
    void failOnRegressionsExitsOneOnlyForATestThatPassedInTheBaseline() throws IOException {
        // fail-02 failed the same way in the baseline: no regression, though it fails
        Path same = baseline("pass-01", "hello\n", "fail-02", "actual\n", "two-03", "e\n");
        assertThat(results(
                        "--baseline",
                        same.toString(),
                        "--suite",
                        suite.toString(),
                        "--fail-on",
                        "regressions",
                        "--stats",
                        "none",
                        suite.toString()))
                .isZero();
        assertThat(err.toString()).contains("regressions (passed in the baseline, fail now): none");
        assertThat(results(
                        "--baseline",
                        same.toString(),
                        "--suite",
                        suite.toString(),
                        "--stats",
                        "none",
                        suite.toString()))
                .as("without --fail-on regressions a failure still fails")
                .isEqualTo(1);

        // fail-02 passed in the baseline (its RESULT says so): a regression
        Path tree = root.resolve("regressed");
        output(tree.resolve("fail-02/OUTPUT"), "east", "expected\n", true);
        ResultFile.write(
                tree.resolve("fail-02/OUTPUT"),
                new dev.kvmrunner.results.TestRecord(
                        "fail-02",
                        "good",
                        dev.kvmrunner.judge.Result.PASSED,
                        new java.util.TreeMap<>(),
                        List.of("east"),
                        java.time.Instant.EPOCH,
                        java.time.Instant.EPOCH,
                        0,
                        0,
                        0));
        assertThat(results(
                        "--baseline",
                        tree.toString(),
                        "--suite",
                        suite.toString(),
                        "--fail-on",
                        "regressions",
                        "--stats",
                        "none",
                        suite.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("regressions (passed in the baseline, fail now): fail-02");

        assertThat(results("--fail-on", "regressions", suite.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--fail-on regressions: needs --baseline");
    }

    /**
     * {@code results --output-dir DIR} of a suite: the reports still name the suite, not DIR. The JUnit file gave
     * paths relative to DIR's parent ("out/pass-01"), the HTML header the revision of DIR's parent.
     */
    @Test
    void anOutputDirsReportsNameTheSuiteNotTheOutputDir() throws Exception {
        Path dir = root.resolve("out");
        for (String test : List.of("pass-01", "fail-02", "two-03")) {
            Files.createDirectories(dir);
            Files.move(suite.resolve(test).resolve("OUTPUT"), dir.resolve(test));
        }
        boolean git = git(suite, "init", "-q") == 0;
        org.junit.jupiter.api.Assumptions.assumeTrue(git, "needs git (the suite's revision)");
        assertThat(git(suite, "add", ".")).isZero();
        assertThat(git(suite, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "suite"))
                .isZero();
        Process head = new ProcessBuilder("git", "-C", suite.toString(), "rev-parse", "--short", "HEAD").start();
        String revision =
                new String(head.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertThat(head.waitFor()).isZero();

        Path junit = root.resolve("junit.xml");
        Path html = root.resolve("html");
        assertThat(results(
                        "--output-dir",
                        dir.toString(),
                        "--junit",
                        junit.toString(),
                        "--html",
                        html.toString(),
                        suite.toString()))
                .as(err.toString())
                .isEqualTo(ExitCodes.NOT_ALL_PASSED);
        // OUTPUT outside the suite: the JUnit file says where, absolutely
        assertThat(junit)
                .content()
                .contains("output: " + dir.toRealPath().resolve("pass-01"))
                .contains("transcript east: " + dir.toRealPath().resolve("pass-01/east.console.verbose.txt"))
                .doesNotContain("output: out/")
                .doesNotContain("output: ../");
        assertThat(html.resolve("index.html"))
                .content()
                .contains("id=\"header-suite-revision\">" + revision + "</td>")
                .containsPattern("id=\"header-suite\">[^<]*suite</td>");

        // OUTPUT in the suite: paths relative to the suite, as before
        for (String test : List.of("pass-01", "fail-02", "two-03")) {
            Files.move(dir.resolve(test), suite.resolve(test).resolve("OUTPUT"));
        }
        results("--junit", junit.toString(), suite.toString());
        assertThat(junit).content().contains("output: pass-01/OUTPUT\n");
    }

    private static int git(Path directory, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (IOException e) {
            return 127; // no git
        }
    }
}
