package dev.kvmrunner.domain;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.domain.netns.NetnsBackend;
import dev.kvmrunner.domain.process.ProcessBackend;
import dev.kvmrunner.domain.qemu.QemuBackend;
import dev.kvmrunner.domain.qemu.QemuOptions;
import java.util.List;

/** The backends this build has, by name: an explicit list, no registry filled by static initialisers. */
public final class Backends {
    public static final List<String> NAMES = List.of(ProcessBackend.NAME, NetnsBackend.NAME, QemuBackend.NAME);

    private Backends() {
    }

    /** Creates backend NAME for run RUN_ID; an unknown name is the user's mistake. */
    public static Backend create(String name, String runId) {
        return create(name, BackendSettings.of(runId));
    }

    /** Creates backend NAME with SETTINGS (the run id, the suite's hosts and topology). */
    public static Backend create(String name, BackendSettings settings) {
        if (ProcessBackend.NAME.equals(name)) {
            return new ProcessBackend(settings.runId(), settings.timeouts());
        }
        if (NetnsBackend.NAME.equals(name)) {
            return new NetnsBackend(settings);
        }
        if (QemuBackend.NAME.equals(name)) {
            return new QemuBackend(QemuOptions.fromEnvironment(settings.options(), settings.topology(), settings.log()),
                    settings.runId(), settings.knownHosts(), settings.timeouts());
        }
        throw new BadInputException("unknown backend '" + name + "'; this build has: " + String.join(", ", NAMES));
    }
}
