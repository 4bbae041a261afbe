package dev.kvmrunner.cli;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.doctor.Doctor;
import dev.kvmrunner.doctor.PackageInstaller;
import dev.kvmrunner.doctor.Prerequisites;
import dev.kvmrunner.domain.BackendProvider;
import dev.kvmrunner.domain.BackendSetting;
import dev.kvmrunner.domain.Backends;
import dev.kvmrunner.domain.Prerequisite;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmrunner doctor}: what each backend needs, what is missing, and how to install it. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description =
                "Check the prerequisites of each backend and print what is missing with the command that installs it; "
                        + "--settings lists each backend's settings instead.",
        footer = {
            "",
            "Exit status: 0 the default backend (process) is ready, or every backend named with --backend is; "
                    + "1 something required is missing (or --fix failed); 2 bad usage (or --fix without root or apt-get); "
                    + ExitCodes.INTERNAL_ERROR_FOOTER
        })
public final class DoctorCommand implements Callable<Integer> {
    @Option(
            names = "--backend",
            paramLabel = "NAME",
            split = ",",
            description = "Check only these backends (default: all: ${COMPLETION-CANDIDATES}).",
            completionCandidates = BackendOptions.BackendNames.class)
    List<String> backends;

    @Option(
            names = "--fix",
            description = "Install what is missing of the checked backends with apt-get "
                    + "(root, Debian), then check again.")
    boolean fix;

    @Option(
            names = "--settings",
            description = "Print each backend's settings: the key of its kvmrunner.toml table, "
                    + "its environment variable, its flag, what it does; and what the backend can do.")
    boolean settings;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Set<String> selected = new LinkedHashSet<>(backends == null ? Backends.names() : backends);
        for (String backend : selected) {
            if (Backends.find(backend).isEmpty()) {
                throw new BadInputException(
                        "--backend " + backend + ": expected one of " + String.join(", ", Backends.names()));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (settings) {
            selected.forEach(backend -> printSettings(Backends.provider(backend), out));
            out.flush();
            return ExitCodes.OK;
        }
        Doctor doctor = Doctor.ofThisMachine(System.getenv(), Prerequisite.runsAsRoot());
        List<Doctor.Finding> findings = doctor.examine(Prerequisites.all(), selected);
        if (fix) {
            List<String> packages = Doctor.missingPackages(findings);
            PackageInstaller installer = PackageInstaller.ofThisMachine(
                    Prerequisite.runsAsRoot(), doctor.present(new Prerequisite.Program("apt-get")));
            if (!packages.isEmpty() && installer.refusal() != null) {
                throw new BadInputException(installer.refusal());
            }
            if (!installer.install(packages, out)) {
                return ExitCodes.NOT_ALL_PASSED;
            }
            findings = doctor.examine(Prerequisites.all(), selected);
        }
        Set<String> broken = Doctor.report(findings, out);
        // without --backend the question is "can I run a suite now?": the default backend decides
        Set<String> mustBeReady = backends == null ? Set.of(Backends.DEFAULT) : selected;
        return broken.stream().anyMatch(mustBeReady::contains) ? ExitCodes.NOT_ALL_PASSED : ExitCodes.OK;
    }

    private static void printSettings(BackendProvider provider, PrintWriter out) {
        out.println(provider.name() + ": " + provider.description());
        if (!provider.abilities().isEmpty()) {
            out.println("  can: "
                    + String.join(
                            ", ",
                            provider.abilities().stream()
                                    .sorted()
                                    .map(a -> a.description())
                                    .toList()));
        }
        for (BackendSetting setting : provider.settings()) {
            out.printf(
                    "  [%s] %-16s %-26s %-9s %s%n",
                    provider.name(),
                    setting.key(),
                    setting.environment(),
                    setting.flag().orElse(""),
                    setting.description());
        }
    }
}
