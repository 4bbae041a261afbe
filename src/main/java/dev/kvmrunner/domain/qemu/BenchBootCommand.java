package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.config.Topology;
import dev.kvmrunner.report.WriterOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmrunner bench boot}: measures boot vs snapshot reset, and concurrent boots, on this machine. */
@Command(
        name = "boot",
        mixinStandardHelpOptions = true,
        description = "qemu backend: boot-and-login time vs snapshot-reset time (a line with 'ratio'), "
                + "then boot-and-login time of N guests booting at once.")
final class BenchBootCommand implements Callable<Integer> {
    @Option(names = "--accel", paramLabel = "auto|kvm|tcg", description = "Accelerator (default: auto).")
    String accel = "auto";

    @Option(
            names = "--rounds",
            paramLabel = "N",
            description = "Boots and resets of one guest; medians are reported (default 3).")
    int rounds = 3;

    @Option(
            names = "--concurrent",
            paramLabel = "N[,N...]",
            split = ",",
            description = "Concurrency levels to time (default 1,2,4,8).")
    List<Integer> concurrent = new ArrayList<>(List.of(1, 2, 4, 8));

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintStream out =
                new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
        PrintStream err =
                new PrintStream(new WriterOutputStream(spec.commandLine().getErr()), true);
        QemuOptions options = QemuOptions.fromEnvironment(System.getenv(), Topology.NONE, err)
                .withAccel(QemuOptions.parseAccel(accel, "--accel"));
        new BootBench(options, out).run(Math.max(1, rounds), concurrent);
        return 0;
    }
}
