package dev.kvmrunner.cli;

import dev.kvmrunner.report.Durations;
import dev.kvmrunner.report.RunFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kvmrunner status}: what the run of a suite is doing, from its pid file (another terminal). */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show the running tests per prefix, the elapsed time and the ETA of the run of SUITE "
                + "(found through SUITE/" + RunFile.NAME + ").",
        footer = {
            "",
            "Exit status: 0 a run is going on, 1 none is (no pid file, or a stale one of a killed run), "
                    + ExitCodes.INTERNAL_ERROR_FOOTER
        })
public final class StatusCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SUITE",
            defaultValue = ".",
            description = "The suite directory (default: the current directory).")
    Path suite;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<RunFile.Found> found =
                RunFiles.running(suite, spec.commandLine().getErr());
        if (found.isEmpty()) {
            return ExitCodes.NOT_ALL_PASSED;
        }
        RunFile.Found run = found.get();
        out.println("run " + run.field("run") + " (pid " + run.pid() + "), started " + run.field("started")
                + elapsed(run.field("started"))
                        .map(d -> ", " + Durations.format(d) + " ago")
                        .orElse(""));
        out.println(run.field("progress"));
        for (Map.Entry<String, String> field : run.fields().entrySet()) {
            if (field.getKey().startsWith("running.")) {
                String prefix = field.getKey().substring("running.".length());
                String[] testAndStart = field.getValue().split(" ", 2);
                out.println("  " + (prefix.isEmpty() ? "''" : prefix) + " " + testAndStart[0]
                        + (testAndStart.length > 1
                                ? elapsed(testAndStart[1])
                                        .map(d -> " for " + Durations.format(d))
                                        .orElse("")
                                : ""));
            }
        }
        return ExitCodes.OK;
    }

    private static Optional<Duration> elapsed(String since) {
        try {
            return Optional.of(Duration.between(Instant.parse(since), Instant.now()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
