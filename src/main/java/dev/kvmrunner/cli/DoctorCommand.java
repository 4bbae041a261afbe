package dev.kvmrunner.cli;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.doctor.Doctor;
import dev.kvmrunner.doctor.Prerequisites;
import dev.kvmrunner.domain.netns.NetnsBackend;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmrunner doctor}: what each backend needs, what is missing, and how to install it. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check the prerequisites of each backend (root, iproute2, unshare, qemu, libvirt) and print "
                + "what is missing with the command that installs it.",
        footer = {"", "Exit status: 0 the backends checked have everything they require, 1 something is missing, 2 bad usage."})
public final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--backend", paramLabel = "NAME", split = ",",
            description = "Check only these backends (default: all: ${COMPLETION-CANDIDATES}).",
            completionCandidates = BackendNames.class)
    List<String> backends;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Set<String> selected = new LinkedHashSet<>(backends == null ? Prerequisites.BACKENDS : backends);
        for (String backend : selected) {
            if (!Prerequisites.BACKENDS.contains(backend)) {
                throw new BadInputException("--backend " + backend + ": expected one of " + String.join(", ", Prerequisites.BACKENDS));
            }
        }
        Doctor doctor = Doctor.ofThisMachine(System.getenv(), NetnsBackend.isRoot());
        Set<String> broken = Doctor.report(doctor.examine(Prerequisites.ALL, selected), spec.commandLine().getOut());
        return broken.isEmpty() ? ExitCodes.OK : ExitCodes.NOT_ALL_PASSED;
    }

    static final class BackendNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Prerequisites.BACKENDS.iterator();
        }
    }
}
