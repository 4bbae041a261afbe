package dev.kvmrunner.cli;

import dev.kvmrunner.report.RunFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kvmrunner kill}: stops the run of a suite cleanly, as Ctrl-C does (SIGTERM), from another terminal. */
@Command(
        name = "kill",
        mixinStandardHelpOptions = true,
        description =
                "Stop the run of SUITE cleanly, like Ctrl-C: domains shut down, unfinished tests marked interrupted "
                        + "(found through SUITE/" + RunFile.NAME + ").",
        footer = {
            "",
            "Exit status: 0 the run stopped, 1 no run was going on or it did not stop in time, "
                    + ExitCodes.INTERNAL_ERROR_FOOTER
        })
public final class KillCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SUITE",
            defaultValue = ".",
            description = "The suite directory (default: the current directory).")
    Path suite;

    @Option(
            names = "--wait",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description = "How long to wait for the run to end (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Optional<RunFile.Found> found =
                RunFiles.running(suite, spec.commandLine().getErr());
        if (found.isEmpty()) {
            return ExitCodes.NOT_ALL_PASSED;
        }
        RunFile.Found run = found.get();
        Optional<ProcessHandle> process = ProcessHandle.of(run.pid());
        if (process.isEmpty()) {
            out.println("run " + run.field("run") + " (pid " + run.pid() + ") has ended");
            return ExitCodes.OK;
        }
        out.println("stopping run " + run.field("run") + " (pid " + run.pid() + ") as Ctrl-C does ...");
        out.flush();
        process.get().destroy(); // SIGTERM: the runner treats it as the first Ctrl-C
        try {
            process.get().onExit().get(waitSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            spec.commandLine()
                    .getErr()
                    .println("kvmrunner: run pid " + run.pid() + " did not stop within " + waitSeconds
                            + " s; kill -INT it again to force");
            return ExitCodes.NOT_ALL_PASSED;
        }
        out.println("stopped");
        return ExitCodes.OK;
    }
}
