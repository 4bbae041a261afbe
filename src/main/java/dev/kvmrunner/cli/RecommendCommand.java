package dev.kvmrunner.cli;

import dev.kvmrunner.admission.MachineRecord;
import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.perf.Recommendation;
import dev.kvmrunner.report.WriterOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmrunner recommend}: KVM_WORKERS and KVM_PREFIXES for this machine, with the reasoning. */
@Command(
        name = "recommend",
        mixinStandardHelpOptions = true,
        description =
                "Print KVM_WORKERS and KVM_PREFIXES for libreswan's machine profiles (development, baseline, server), "
                        + "computed from this machine's cores and memory and the boot cost recorded by earlier runs or bench boot, "
                        + "with one line of reasoning each, ready for Makefile.inc.local.")
public final class RecommendCommand implements Callable<Integer> {
    @Option(
            names = "--profile",
            paramLabel = "development|baseline|server",
            description = "One profile (default: all three).")
    String profile;

    @Option(
            names = "--backend",
            paramLabel = "NAME",
            description = "Whose recorded boot cost to use (default: the costliest boot recorded on this machine).")
    String backend;

    @Option(
            names = "--guest-memory",
            paramLabel = "MiB",
            description = "Memory of one domain (default ${DEFAULT-VALUE}).",
            defaultValue = "512")
    int guestMemory;

    @Option(
            names = "--hosts-per-test",
            paramLabel = "N",
            description = "Domains a group holds (default ${DEFAULT-VALUE}).",
            defaultValue = "4")
    int hostsPerTest;

    @Option(
            names = "--wait-per-boot",
            paramLabel = "R",
            description = "Seconds a test's scripts run per second of its boot (default ${DEFAULT-VALUE}).",
            defaultValue = "1.0")
    double waitPerBoot;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintStream out =
                new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
        List<Recommendation.Profile> profiles;
        if (profile == null) {
            profiles = List.of(Recommendation.Profile.values());
        } else {
            try {
                profiles = List.of(Recommendation.Profile.valueOf(profile.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--profile " + profile + ": expected development, baseline or server");
            }
        }
        if (guestMemory < 1 || hostsPerTest < 1 || !(waitPerBoot >= 0)) {
            throw new BadInputException(
                    "--guest-memory, --hosts-per-test: expected 1 or more; --wait-per-boot: 0 or more");
        }
        MachineRecord record = MachineRecord.standard();
        MachineRecord.Entry boot = backend != null
                ? record.readFirst(backend)
                : record.costliest().map(java.util.Map.Entry::getValue).orElse(MachineRecord.Entry.NONE);
        Recommendation recommendation = new Recommendation(
                Runtime.getRuntime().availableProcessors(), memoryMiB(), guestMemory, hostsPerTest, boot, waitPerBoot);
        for (Recommendation.Profile p : profiles) {
            out.println("# kvmrunner recommend --profile " + p.name().toLowerCase(Locale.ROOT) + " ("
                    + recommendation.cores()
                    + " cores, " + recommendation.memoryMiB() + " MiB"
                    + (boot.firstBoot() > 0 ? ", boot cost from " + record.file() : "")
                    + ")");
            recommendation.advise(p).makefileLines().forEach(out::println);
            out.println();
        }
        return ExitCodes.OK;
    }

    private static long memoryMiB() {
        return dev.kvmrunner.load.Memory.totalMiB().orElse(Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
