package dev.kvmrunner.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.cli.ExitCodes;
import dev.kvmrunner.cli.Main;
import dev.kvmrunner.testing.RequiresTools;
import dev.kvmrunner.testing.Slow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench sweep for real: each point a real kvmrunner run of the example suite on the process backend. */
@Slow
class BenchSweepTest {
    @TempDir
    Path root;

    private int sweep(StringWriter out, String... args) {
        return bench(out, "sweep", args);
    }

    private int simulate(StringWriter out, String... args) {
        return bench(out, "simulate", args);
    }

    /** {@code kvmrunner bench VERB ARGS}, its output and errors into OUT; its exit status. */
    private static int bench(StringWriter out, String verb, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "bench";
        all[1] = verb;
        System.arraycopy(args, 0, all, 2, args.length);
        return Main.execute(new PrintWriter(out, true), new PrintWriter(out, true), all);
    }

    @RequiresTools({"perl"}) // examples/basic's sanitizers
    @Test
    void runsEveryPointOnAFreshCopyReportsItAndResumesWithoutRunningAgain() throws IOException {
        Path output = root.resolve("sweep");
        Path suite = Path.of("examples/basic").toAbsolutePath();
        StringWriter out = new StringWriter();
        int exit = sweep(
                out,
                "--workers",
                "1,2",
                "--prefixes",
                "2",
                "--auto",
                "--auto-prefixes",
                "3",
                "--first",
                "3",
                "--output",
                output.toString(),
                suite.toString());
        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.OK);
        String report = out.toString();
        assertThat(report)
                .contains(
                        "Time, workers x prefixes:",
                        "Time, prefixes x workers:",
                        "Failures, workers x prefixes:",
                        "Efficiency (lower bound / time)",
                        "Fails, reboot workers and time per point",
                        "workers auto, prefixes auto:",
                        "best fixed point:",
                        "sweep: before each point, basic-01 and shared-file-01 run alone (1 worker, 1 group)",
                        "each point's efficiency uses its own bound: basic-01 and shared-file-01 run alone");
        // each point ran the three selected tests in its own copy, and the suite itself was not touched
        for (String id : List.of("w1-p2-boot-r1", "w2-p2-boot-r1", "wauto-pauto-boot-r1")) {
            PointResult point = Sweep.read(output.resolve("points").resolve(id).resolve("point.json"))
                    .orElseThrow();
            assertThat(point.tests()).isEqualTo(3);
            assertThat(point.passed()).as(id).isEqualTo(3);
            assertThat(point.boots()).as(id).isGreaterThan(0);
            assertThat(point.scriptSeconds()).containsOnlyKeys("basic-01", "shared-file-01", "timestamps-01");
            assertThat(output.resolve("points").resolve(id).resolve("suite/basic-01/OUTPUT/RESULT"))
                    .isRegularFile();
            assertThat(output.resolve("points").resolve(id).resolve("suite/pids-01"))
                    .doesNotExist();
            // the calibration ran the first test and the next that shares a host with it, alone
            assertThat(point.calibration()).as(id).isNotNull();
            assertThat(point.calibration().tests()).containsExactly("basic-01", "shared-file-01");
            assertThat(point.calibration().firstBoot()).isPositive();
            assertThat(output.resolve("points").resolve(id).resolve("calibration/suite/shared-file-01/OUTPUT/RESULT"))
                    .isRegularFile();
            assertThat(output.resolve("points").resolve(id).resolve("calibration/suite/timestamps-01"))
                    .doesNotExist();
            assertThat(Files.readString(output.resolve("points").resolve(id).resolve("calibration/run.log")))
                    .contains("using 1 worker thread", "the serial test processor");
        }
        // --auto-prefixes: auto was allowed 3 groups, not the 2 of --prefixes
        assertThat(Files.readString(output.resolve("points/wauto-pauto-boot-r1/run.log")))
                .contains("domain prefixes ['a.', 'b.', 'c.']");
        assertThat(suite.resolve("basic-01/OUTPUT")).doesNotExist();
        assertThat(Files.readAllLines(output.resolve("sweep.csv")))
                .hasSize(4)
                .first()
                .asString()
                .startsWith("id,workers,prefixes");
        assertThat(Files.readString(output.resolve("sweep.json"))).contains("\"lower_bound_costs\"", "\"efficiency\"");
        byte[] png = Files.readAllBytes(output.resolve("sweep.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');

        // a second sweep over the same DIR finds every point done and runs none
        StringWriter again = new StringWriter();
        assertThat(sweep(
                        again,
                        "--workers",
                        "1,2",
                        "--prefixes",
                        "2",
                        "--auto",
                        "--first",
                        "3",
                        "--output",
                        output.toString(),
                        suite.toString()))
                .isEqualTo(ExitCodes.OK);
        assertThat(again.toString()).contains("w1-p2-boot-r1: done earlier").doesNotContain("running 3 tests");

        // --no-calibrate: no calibration run, and the sweep's own bound serves every point
        Path plain = root.resolve("plain");
        StringWriter uncalibrated = new StringWriter();
        assertThat(sweep(
                        uncalibrated,
                        "--workers",
                        "1",
                        "--prefixes",
                        "1",
                        "--first",
                        "2",
                        "--no-calibrate",
                        "--output",
                        plain.toString(),
                        suite.toString()))
                .as(uncalibrated.toString())
                .isEqualTo(ExitCodes.OK);
        assertThat(uncalibrated.toString()).doesNotContain("calibrat", "own bound");
        assertThat(plain.resolve("points/w1-p1-boot-r1/calibration")).doesNotExist();
        assertThat(Sweep.read(plain.resolve("points/w1-p1-boot-r1/point.json"))
                        .orElseThrow()
                        .calibration())
                .isNull();

        // bench simulate --from-sweep predicts with the model --against validated: for the serial
        // point's own tests, at the serial point, both predict the same makespan
        StringWriter validated = new StringWriter();
        simulate(validated, "--against", plain.toString());
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("w1-p1-boot-r1 +(\\S+) +(\\S+) ")
                .matcher(validated.toString());
        assertThat(row.find()).as(validated.toString()).isTrue();
        StringWriter predicted = new StringWriter();
        int status = simulate(
                predicted,
                "--from-sweep",
                plain.toString(),
                "--workers",
                "1",
                "--prefixes",
                "1",
                plain.resolve("points/w1-p1-boot-r1/suite").toString());
        assertThat(status).as(predicted.toString()).isEqualTo(ExitCodes.OK);
        assertThat(predicted.toString())
                .contains("boot costs and overheads from " + plain + ", point w1-p1-boot-r1 (--reset boot")
                .contains("2 tests (0 without a recorded RESULT")
                .contains("predicted makespan: " + row.group(2) + " (");
        Simulation.Model model = Simulation.models(plain, Runtime.getRuntime().availableProcessors())
                .get("boot");
        assertThat(model.serialPoint()).isEqualTo("w1-p1-boot-r1");
        assertThat(predicted.toString())
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "a first boot costs %.2f CPU-seconds, a reset %.2f;",
                        model.firstBoot(),
                        model.again()))
                .contains(String.format(java.util.Locale.ROOT, "%.1f s of start-up and shutdown", model.runOverhead()));

        // a reset mode the sweep did not run is refused, naming the one it did
        StringWriter refused = new StringWriter();
        assertThat(simulate(
                        refused,
                        "--from-sweep",
                        plain.toString(),
                        "--reset",
                        "snapshot",
                        plain.resolve("points/w1-p1-boot-r1/suite").toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(refused.toString()).contains("has a serial point for --reset boot only");
    }

    @Test
    void aPointThatFailsIsRecordedAndTheSweepGoesOn() throws IOException {
        Path output = root.resolve("broken");
        StringWriter out = new StringWriter();
        // an unknown backend makes every run exit 2 (bad input): each point records why
        int exit = sweep(
                out,
                "--workers",
                "1,2",
                "--prefixes",
                "1",
                "--first",
                "1",
                "--run-arg=--backend",
                "--run-arg=no-such-backend",
                "--output",
                output.toString(),
                Path.of("examples/basic").toAbsolutePath().toString());
        assertThat(exit).isEqualTo(ExitCodes.NOT_ALL_PASSED);
        assertThat(out.toString())
                .contains(
                        "point 1 of 2, w1-p1-boot-r1: failed: kvmrunner run exited with status 2",
                        "point 2 of 2, w2-p1-boot-r1: failed",
                        // the calibration broke the same way: said, and the point still ran
                        "sweep: w1-p1-boot-r1: the calibration run measured no lone boot (exit status 2");
        assertThat(Files.readString(output.resolve("points/w1-p1-boot-r1/run.log")))
                .contains("no-such-backend");
    }
}
