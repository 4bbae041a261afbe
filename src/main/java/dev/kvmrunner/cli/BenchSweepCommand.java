package dev.kvmrunner.cli;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.perf.PointResult;
import dev.kvmrunner.perf.Sweep;
import dev.kvmrunner.perf.SweepAnalysis;
import dev.kvmrunner.perf.SweepFiles;
import dev.kvmrunner.perf.SweepPoint;
import dev.kvmrunner.perf.Tables;
import dev.kvmrunner.report.WriterOutputStream;
import dev.kvmrunner.suite.Selection;
import dev.kvmrunner.suite.TestCase;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmrunner bench sweep}: libreswan's mk/perf.sh, measured and explained. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = {
            "Run the suite at every point of workers x prefixes (each on a fresh copy of the selected tests, "
                    + "in a fresh kvmrunner run) and report time, failures and efficiency against the lower bound: "
                    + "tables in both orientations, a bar chart, and DIR/sweep.csv, sweep.json, sweep.png. Replaces "
                    + "libreswan's mk/perf.sh. A point that has a result in DIR is not run again: an interrupted sweep resumes."
        },
        footer = {
            "",
            "Example: kvmrunner bench sweep --workers 1,2,3 --prefixes 1,2,3,4 --reset boot,snapshot --auto "
                    + "--output target/sweep examples/bench"
        })
public final class BenchSweepCommand implements Callable<Integer> {
    @Mixin
    TestSelectionOptions selection;

    @Option(names = "--workers", paramLabel = "N[,N...]", split = ",", description = "Boot pool sizes (default 1,2,3).")
    List<Integer> workers = new ArrayList<>(List.of(1, 2, 3));

    @Option(
            names = "--prefixes",
            paramLabel = "N[,N...]",
            split = ",",
            description = "Numbers of domain groups (default 1,2,3,4).")
    List<Integer> prefixes = new ArrayList<>(List.of(1, 2, 3, 4));

    @Option(
            names = "--reset",
            paramLabel = "boot|snapshot[,...]",
            split = ",",
            description = "Reset modes to sweep (default boot); qemu: snapshot restores the logged-in state.")
    List<SweepPoint.Reset> resets = new ArrayList<>(List.of(SweepPoint.Reset.BOOT));

    @Option(
            names = "--auto",
            description = "Also run --workers auto --prefixes auto, allowed the most prefixes of the sweep "
                    + "(or --auto-prefixes), and compare it with the best point.")
    boolean auto;

    @Option(
            names = "--auto-prefixes",
            paramLabel = "N",
            description = "The groups --prefixes auto may use (default: the most of --prefixes).")
    Integer autoPrefixes;

    @Option(
            names = "--calibrate",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Before each point, run the first test and the next one that shares a host with it alone "
                    + "(1 worker, 1 group), so that the point's lower bound charges boots what they cost at that "
                    + "moment; the machine's speed drifts (default: on; --no-calibrate: the sweep's least costs "
                    + "serve every point).")
    boolean calibrate = true;

    @Option(names = "--repeat", paramLabel = "N", description = "Runs of each point; tables show medians (default 1).")
    int repeat = 1;

    @Option(names = "--first", paramLabel = "N", description = "Only the first N selected tests.")
    Integer first;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            description = "Where the points and reports go (default kvmrunner-sweep).")
    Path output = Path.of("kvmrunner-sweep");

    @Option(
            names = "--report-only",
            description = "Run nothing: report the points DIR already has (of this sweep's grid).")
    boolean reportOnly;

    @Option(
            names = "--durations-from",
            paramLabel = "SUITE-DIR",
            description = "Give each point's copy the RESULT files of this suite (e.g. an earlier point's), so that "
                    + "--run-arg=--order --run-arg=longest has durations to order by.")
    Path durationsFrom;

    @Option(
            names = "--run-arg",
            paramLabel = "ARG",
            description =
                    "Pass ARG to every point's kvmrunner run (repeatable), " + "e.g. --run-arg=--accel --run-arg=tcg.")
    List<String> runArguments = new ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * The first test, and the first later one that shares a host with it: alone, one after the
     * other, they boot each host cold and then again (a reboot, or a snapshot restore).
     */
    static List<String> calibrationTests(List<TestCase> tests) {
        TestCase first = tests.get(0);
        for (TestCase later : tests.subList(1, tests.size())) {
            if (later.hosts().stream().anyMatch(first.hosts()::contains)) {
                return List.of(first.name(), later.name());
            }
        }
        return List.of(first.name());
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out =
                new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
        if (repeat < 1 || (first != null && first < 1)) {
            throw new BadInputException("--repeat and --first: expected 1 or more");
        }
        for (int n : workers) {
            if (n < 1) {
                throw new BadInputException("--workers " + n + ": expected 1 or more");
            }
        }
        for (int n : prefixes) {
            if (n < 1 || n > 26) {
                throw new BadInputException("--prefixes " + n + ": expected 1 to 26");
            }
        }
        Selection selected = selection.select();
        List<TestCase> tests = selected.tests();
        if (tests.isEmpty()) {
            throw new BadInputException(
                    "no tests selected (check the paths and --test-kind/--test-status/--test-name)");
        }
        if (first != null && first < tests.size()) {
            tests = tests.subList(0, first);
        }
        Path suite = tests.get(0).directory().getParent();
        for (TestCase test : tests) {
            if (!test.directory().getParent().equals(suite)) {
                throw new BadInputException(
                        "bench sweep takes the tests of one suite; " + test.directory() + " is not in " + suite);
            }
        }
        if (autoPrefixes != null && (autoPrefixes < 1 || autoPrefixes > 26)) {
            throw new BadInputException("--auto-prefixes " + autoPrefixes + ": expected 1 to 26");
        }
        int autoGroups = autoPrefixes != null
                ? autoPrefixes
                : prefixes.stream().mapToInt(Integer::intValue).max().orElse(1);
        List<SweepPoint> points = new ArrayList<>();
        for (SweepPoint.Reset mode : resets) {
            String reset = mode.toString();
            for (int r = 1; r <= repeat; r++) {
                for (int w : workers) {
                    for (int p : prefixes) {
                        points.add(new SweepPoint(String.valueOf(w), String.valueOf(p), reset, r));
                    }
                }
                if (auto) {
                    points.add(new SweepPoint("auto", "auto", reset, r));
                }
            }
        }
        List<String> names = tests.stream().map(TestCase::name).toList();
        Sweep sweep = new Sweep(suite, names, output.toAbsolutePath(), runArguments, autoGroups, out);
        if (durationsFrom != null) {
            sweep.withDurationsFrom(durationsFrom.toAbsolutePath());
        }
        if (calibrate && !reportOnly) {
            List<String> calibration = calibrationTests(tests);
            sweep.withCalibration(calibration);
            out.println("sweep: before each point, " + String.join(" and ", calibration)
                    + " run alone (1 worker, 1 group): what a boot costs at that moment");
        }
        List<PointResult> results;
        if (reportOnly) {
            java.util.Set<String> wanted = new java.util.HashSet<>();
            points.forEach(p -> wanted.add(p.id()));
            results = Sweep.readAll(output.toAbsolutePath()).stream()
                    .filter(r -> wanted.contains(r.id()))
                    .toList();
        } else {
            results = sweep.run(points);
        }
        SweepAnalysis analysis = new SweepAnalysis(results, Runtime.getRuntime().availableProcessors(), autoGroups);
        for (String reset : analysis.resets()) {
            Tables.print(analysis, reset, names.size(), out);
        }
        SweepFiles.write(output, results, analysis);
        out.println();
        out.println("wrote " + output.resolve("sweep.csv") + ", sweep.json and sweep.png");
        return results.stream().allMatch(PointResult::ok) ? ExitCodes.OK : ExitCodes.NOT_ALL_PASSED;
    }
}
