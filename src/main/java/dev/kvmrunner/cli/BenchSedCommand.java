package dev.kvmrunner.cli;

import dev.kvmrunner.perf.SedCheck;
import dev.kvmrunner.results.ResultsJudge;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kvmrunner bench sed}: the in-process sed against GNU sed, script by script, input by input. */
@Command(
        name = "sed",
        mixinStandardHelpOptions = true,
        description = {
            "Runs every sed script (the *.sed files of each --scripts directory) on every INPUT file, "
                    + "in process and with GNU sed, and reports every output that is not byte-identical "
                    + "(exit 1), and the scripts that run as the real program instead (with the reason)."
        })
public final class BenchSedCommand implements Callable<Integer> {
    @Option(
            names = "--scripts",
            paramLabel = "DIR|FILE",
            required = true,
            split = ",",
            description = "Directories of *.sed scripts, or script files (repeatable).")
    List<Path> scripts;

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Input files (transcripts).")
    List<Path> inputs;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = SedCheck.scripts(scripts);
        SedCheck.Report report = SedCheck.check(files, inputs, ResultsJudge.defaultJobs());
        report.refused().forEach(reason -> out.println("runs as the real sed: " + reason));
        report.differences().forEach(difference -> out.println("DIFFERENT: " + difference));
        out.printf(
                "sed check: %d scripts, %d run in process, %d inputs, %d comparisons with GNU sed, "
                        + "%d different, %d skipped (not ASCII)%n",
                report.scripts(),
                report.scripts() - report.refused().size(),
                inputs.size(),
                report.comparisons(),
                report.differences().size(),
                report.skipped().size());
        out.flush();
        return report.differences().isEmpty() ? ExitCodes.OK : ExitCodes.NOT_ALL_PASSED;
    }
}
