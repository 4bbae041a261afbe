package dev.kvmrunner.cli;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.results.Baseline;
import dev.kvmrunner.results.ResultField;
import dev.kvmrunner.results.ResultPrinter;
import dev.kvmrunner.results.ResultsJudge;
import dev.kvmrunner.results.ResultsLoader;
import dev.kvmrunner.results.ResultsReport;
import dev.kvmrunner.suite.TestFilter;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kvmrunner results}: judges test output and prints one line per test, as libreswan's
 * kvmresults.py does; optionally compares with a baseline and writes JUnit XML and HTML.
 */
@Command(
        name = "results",
        description = {
            "Judges the output of earlier runs and prints one line per test, like libreswan's kvmresults.py.",
            "Arguments: suites, TESTLISTs, test directories, test output directories (<test>/OUTPUT, a saved copy) "
                    + "or OUTPUT trees (<dir>/<test>/OUTPUT or <dir>/<test>/).",
            "By default each transcript is sanitized and compared again (--quick reuses OUTPUT/<host>.console.txt)."
        },
        footer = {
            "",
            "Fields for --print: path, test-name, test-kind, test-status, test-directory, test-host-names, "
                    + "test-scripts, output-directory, saved-output-directory, result, errors (issues), start-time, stop-time, "
                    + "boot-time, script-time, runtime, baseline-directory, baseline-output-directory, diffs.",
            "Exit status: 0 every judged test passed (or --exit-ok; with --fail-on regressions: no test regressed), "
                    + "1 some failed or are unresolved (with --fail-on regressions: some test passed in the baseline and fails now), "
                    + "2 bad usage or input, 4 none of the selected tests has OUTPUT (nothing has run yet), "
                    + ExitCodes.INTERNAL_ERROR_FOOTER
        })
public final class ResultsCommand implements Callable<Integer> {

    @Mixin
    TestSelectionOptions selection;

    @Option(
            names = "--print",
            paramLabel = "FIELDS",
            defaultValue = ResultField.DEFAULT,
            description = "Comma-separated fields to print (default: ${DEFAULT-VALUE}).")
    String print;

    @Option(names = "--json", description = "Print each test as one JSON object per line.")
    boolean json;

    @Option(
            names = "--quick",
            description = "Use the sanitized OUTPUT/<host>.console.txt saved by the run instead of sanitizing again.")
    boolean quick;

    @Option(
            names = "--update",
            description = "Rewrite OUTPUT/<host>.console.txt and .console.diff, and RESULT's result and issues.")
    boolean update;

    @Option(
            names = "--skip",
            paramLabel = "RESULT[,RESULT...]",
            split = ",",
            defaultValue = "untested",
            description = "Do not print tests with these results (default: ${DEFAULT-VALUE}); --skip '' skips nothing.")
    List<String> skip;

    @Option(
            names = "--result",
            paramLabel = "RESULT[,RESULT...]",
            split = ",",
            description = "Print only tests with these results.")
    List<String> only = new ArrayList<>();

    @Option(
            names = "--stats",
            paramLabel = "details|summary|none",
            defaultValue = "summary",
            description = "Statistics on stderr (default: ${DEFAULT-VALUE}).")
    ResultsReport.Stats stats;

    @Option(
            names = {"--baseline", "-b"},
            paramLabel = "DIR",
            description = "Compare with an earlier run: a suite with OUTPUT directories or an OUTPUT tree. "
                    + "Only tests whose outcome differs from the baseline's (or that crashed) are printed.")
    String baseline;

    @Option(
            names = "--suite",
            paramLabel = "DIR",
            description =
                    "The suite holding the tests of saved output (default: the nearest directory above it with a TESTLIST).")
    Path suite;

    @Option(
            names = "--output-dir",
            paramLabel = "DIR",
            description = "The tests' output is in DIR/<test>, where run --output-dir DIR wrote it, "
                    + "instead of <test>/OUTPUT (a suite that cannot be written).")
    Path outputDir;

    @Option(
            names = {"-j", "--jobs"},
            paramLabel = "N",
            description = "Tests judged at once (default: the number of cores).")
    Integer jobs;

    @Option(names = "--exit-ok", description = "Exit 0 even when tests did not pass.")
    boolean exitOk;

    /** What makes {@code results} exit 1. */
    enum FailOn {
        any,
        regressions
    }

    @Option(
            names = "--fail-on",
            paramLabel = "any|regressions",
            defaultValue = "any",
            description = "Exit 1 when any judged test fails (default), or only on regressions: tests that passed in "
                    + "the --baseline and fail now (to gate CI on what got worse).")
    FailOn failOn;

    @Option(
            names = "--empty",
            paramLabel = "TEXT",
            description =
                    "Print TEXT for an empty field, so every line has every column "
                            + "(default: leave the field out, as kvmresults.py does). --json always has every field (null when empty).")
    String empty;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write JUnit XML to FILE.")
    Path junit;

    @Option(
            names = "--html",
            paramLabel = "DIR",
            description = "Also write a self-contained HTML report, DIR/index.html.")
    Path html;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Option(
            names = {"-V", "--version"},
            versionHelp = true,
            description = "Print version information and exit.")
    boolean version;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path cwd = Path.of("").toAbsolutePath();
        ResultPrinter printer = new ResultPrinter(ResultField.parseList(print), cwd, Optional.ofNullable(empty));
        Set<Result> skipped = ResultNames.parse("--skip", skip);
        Set<Result> printed = ResultNames.parse("--result", only);
        if (jobs != null && jobs < 1) {
            throw new BadInputException("--jobs " + jobs + ": expected 1 or more");
        }
        TestFilter filter = TestFilter.of(selection.testKind, selection.testStatus, selection.testName);
        ResultsLoader.Loaded loaded = new ResultsLoader(
                        cwd, filter, Optional.ofNullable(suite), Optional.ofNullable(outputDir))
                .load(selection.paths);
        loaded.warnings().forEach(w -> err.println("kvmrunner: warning: " + w));
        if (loaded.targets().isEmpty()) {
            throw new BadInputException("no tests found (check the paths and --test-kind/--test-status/--test-name)");
        }
        if (failOn == FailOn.regressions && baseline == null) {
            throw new BadInputException("--fail-on regressions: needs --baseline DIR (the run to compare with)");
        }
        Optional<Baseline> base = Optional.empty();
        if (baseline != null) {
            Baseline b = Baseline.load(cwd, baseline);
            if (b.isEmpty()) {
                throw new BadInputException(
                        "--baseline " + baseline + ": not a baseline (no suite with OUTPUT, no OUTPUT tree)");
            }
            base = Optional.of(b);
        }
        ResultsJudge.Options options = new ResultsJudge.Options(
                jobs != null ? jobs : ResultsJudge.defaultJobs(),
                quick,
                update,
                base,
                Timeouts.DEFAULTS.sanitizerTimeout(),
                junit != null || html != null);
        ResultsReport.Request request = new ResultsReport.Request(
                printer,
                json,
                skipped,
                printed,
                Optional.ofNullable(baseline),
                stats,
                Optional.ofNullable(junit),
                Optional.ofNullable(html));
        ResultsReport.Outcome outcome = ResultsReport.judgeAndPrint(loaded.targets(), options, request, out, err);
        if (outcome.withOutput() == 0) {
            err.println("kvmrunner: no OUTPUT: none of the " + loaded.targets().size()
                    + " selected tests has run yet (kvmrunner run first); nothing to judge");
            return ExitCodes.NO_OUTPUT;
        }
        if (failOn == FailOn.regressions) {
            err.println("kvmrunner: regressions (passed in the baseline, fail now): "
                    + (outcome.regressions().isEmpty() ? "none" : String.join(" ", outcome.regressions())));
            return outcome.regressions().isEmpty() || exitOk ? ExitCodes.OK : ExitCodes.NOT_ALL_PASSED;
        }
        return outcome.failures() > 0 && !exitOk ? ExitCodes.NOT_ALL_PASSED : ExitCodes.OK;
    }
}
