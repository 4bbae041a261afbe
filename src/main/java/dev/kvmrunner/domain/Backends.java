package dev.kvmrunner.domain;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.Topology;
import dev.kvmrunner.domain.process.ProcessBackend;
import dev.kvmrunner.domain.qemu.QemuBackend;
import dev.kvmrunner.domain.qemu.QemuOptions;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** The backends this build has, by name: an explicit list, no registry filled by static initialisers. */
public final class Backends {
    public static final List<String> NAMES = List.of(ProcessBackend.NAME, QemuBackend.NAME);

    private Backends() {
    }

    /** Creates backend NAME for run RUN_ID; an unknown name is the user's mistake. */
    public static Backend create(String name, String runId) {
        return create(name, runId, Topology.NONE, System.getenv(), System.err);
    }

    /**
     * As {@link #create(String, String)}, for a suite with TOPOLOGY; SETTINGS is the environment
     * with the command line's backend flags applied (e.g. KVM_QEMU_ACCEL from --accel); LOG gets
     * one-off progress (image build, accelerator choice).
     */
    public static Backend create(String name, String runId, Topology topology, Map<String, String> settings, PrintStream log) {
        if (ProcessBackend.NAME.equals(name)) {
            return new ProcessBackend(runId);
        }
        if (QemuBackend.NAME.equals(name)) {
            return new QemuBackend(QemuOptions.fromEnvironment(settings, topology, log), runId);
        }
        throw new BadInputException("unknown backend '" + name + "'; this build has: " + String.join(", ", NAMES));
    }
}
