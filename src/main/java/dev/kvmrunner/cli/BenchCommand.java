package dev.kvmrunner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code kvmrunner bench}: benchmarks of this machine and of kvmrunner itself. */
@Command(
        name = "bench",
        description =
                "Benchmarks: bench judge (judging speed), bench sed (in-process sed against GNU sed), bench boot (qemu boot vs snapshot reset), bench sweep (workers x prefixes, the lower bound), bench simulate (capacity planning).",
        subcommands = {
            BenchJudgeCommand.class,
            BenchSedCommand.class,
            BenchSweepCommand.class,
            BenchSimulateCommand.class
        },
        mixinStandardHelpOptions = true)
public final class BenchCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }
}
