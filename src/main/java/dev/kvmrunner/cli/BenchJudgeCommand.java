package dev.kvmrunner.cli;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.domain.FileTrees;
import dev.kvmrunner.perf.JudgeBenchmark;
import dev.kvmrunner.results.ResultTarget;
import dev.kvmrunner.results.ResultsJudge;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmrunner bench judge}: measures how fast {@code results} judges a generated OUTPUT tree. */
@Command(
        name = "judge",
        mixinStandardHelpOptions = true,
        description = {
            "Generates a suite of N tests with OUTPUT (2-3 hosts, 7 sanitizer scripts per host) in a "
                    + "temporary directory, then judges it sequentially (a sample, as kvmresults.py does) and in "
                    + "parallel (every test), and prints tests judged per second and the ratio."
        })
public final class BenchJudgeCommand implements Callable<Integer> {
    @Option(
            names = "--tests",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Tests to generate (default: ${DEFAULT-VALUE}).")
    int tests;

    @Option(
            names = "--sample",
            paramLabel = "N",
            defaultValue = "100",
            description = "Tests judged sequentially for the comparison (default: ${DEFAULT-VALUE}; 0: none).")
    int sample;

    @Option(
            names = {"-j", "--jobs"},
            paramLabel = "N",
            description = "Parallel jobs (default: the number of cores).")
    Integer jobs;

    @Option(
            names = "--keep",
            paramLabel = "DIR",
            description = "Generate into DIR and keep it (default: a temporary directory, removed).")
    Path keep;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (tests < 1 || sample < 0) {
            throw new BadInputException("--tests must be at least 1 and --sample at least 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        int parallelJobs = jobs != null ? jobs : ResultsJudge.defaultJobs();
        Path root = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("kvmrunner-bench-");
        try {
            long t0 = System.nanoTime();
            Path suite = JudgeBenchmark.generate(root, tests);
            List<ResultTarget> targets = JudgeBenchmark.load(suite);
            out.printf(
                    Locale.ROOT,
                    "generated %d tests (%d hosts) in %s in %.1f s; %d cores%n",
                    targets.size(),
                    targets.stream().mapToInt(t -> t.hosts().size()).sum(),
                    suite,
                    (System.nanoTime() - t0) / 1e9,
                    Runtime.getRuntime().availableProcessors());
            out.flush();
            JudgeBenchmark.measure("warm-up", targets.subList(0, Math.min(20, targets.size())), parallelJobs);
            JudgeBenchmark.Measurement sequential = null;
            if (sample > 0) {
                sequential =
                        JudgeBenchmark.measure("sequential", targets.subList(0, Math.min(sample, targets.size())), 1);
                out.println(sequential);
                out.flush();
            }
            JudgeBenchmark.Measurement parallel = JudgeBenchmark.measure("parallel", targets, parallelJobs);
            out.println(parallel);
            if (sequential != null) {
                out.printf(
                        Locale.ROOT,
                        "parallel/sequential: %.2fx%n",
                        parallel.testsPerSecond() / sequential.testsPerSecond());
            }
            out.printf(Locale.ROOT, "judged %.1f tests/s%n", parallel.testsPerSecond());
            out.flush();
            return ExitCodes.OK;
        } finally {
            if (keep == null) {
                FileTrees.deleteRecursively(root);
            }
        }
    }
}
