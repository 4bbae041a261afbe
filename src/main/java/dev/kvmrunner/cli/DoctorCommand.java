package dev.kvmrunner.cli;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.doctor.Doctor;
import dev.kvmrunner.doctor.PackageInstaller;
import dev.kvmrunner.doctor.Prerequisite;
import dev.kvmrunner.doctor.Prerequisites;
import dev.kvmrunner.domain.netns.NetnsBackend;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmrunner doctor}: what each backend needs, what is missing, and how to install it. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check the prerequisites of each backend (process, netns, qemu) and print what is missing "
                + "with the command that installs it.",
        footer = {"", "Exit status: 0 the default backend (process) is ready, or every backend named with --backend is; "
                + "1 something required is missing (or --fix failed); 2 bad usage (or --fix without root or apt-get); "
                + ExitCodes.INTERNAL_ERROR_FOOTER})
public final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--backend", paramLabel = "NAME", split = ",",
            description = "Check only these backends (default: all: ${COMPLETION-CANDIDATES}).",
            completionCandidates = BackendNames.class)
    List<String> backends;

    @Option(names = "--fix", description = "Install what is missing of the checked backends with apt-get "
            + "(root, Debian), then check again.")
    boolean fix;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Set<String> selected = new LinkedHashSet<>(backends == null ? Prerequisites.BACKENDS : backends);
        for (String backend : selected) {
            if (!Prerequisites.BACKENDS.contains(backend)) {
                throw new BadInputException("--backend " + backend + ": expected one of " + String.join(", ", Prerequisites.BACKENDS));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Doctor doctor = Doctor.ofThisMachine(System.getenv(), NetnsBackend.isRoot());
        List<Doctor.Finding> findings = doctor.examine(Prerequisites.ALL, selected);
        if (fix) {
            List<String> packages = Doctor.missingPackages(findings);
            PackageInstaller installer = PackageInstaller.ofThisMachine(NetnsBackend.isRoot(),
                    doctor.present(new Prerequisite.Program("apt-get")));
            if (!packages.isEmpty() && installer.refusal() != null) {
                throw new BadInputException(installer.refusal());
            }
            if (!installer.install(packages, out)) {
                return ExitCodes.NOT_ALL_PASSED;
            }
            findings = doctor.examine(Prerequisites.ALL, selected);
        }
        Set<String> broken = Doctor.report(findings, out);
        // without --backend the question is "can I run a suite now?": the default backend decides
        Set<String> mustBeReady = backends == null ? Set.of(Prerequisites.DEFAULT_BACKEND) : selected;
        return broken.stream().anyMatch(mustBeReady::contains) ? ExitCodes.NOT_ALL_PASSED : ExitCodes.OK;
    }

    static final class BackendNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Prerequisites.BACKENDS.iterator();
        }
    }
}
