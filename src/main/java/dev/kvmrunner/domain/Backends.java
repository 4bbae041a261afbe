package dev.kvmrunner.domain;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.domain.process.ProcessBackend;
import java.util.List;

/** The backends this build has, by name: an explicit list, no registry filled by static initialisers. */
public final class Backends {
    public static final List<String> NAMES = List.of(ProcessBackend.NAME);

    private Backends() {
    }

    /** Creates backend NAME for run RUN_ID; an unknown name is the user's mistake. */
    public static Backend create(String name, String runId) {
        if (ProcessBackend.NAME.equals(name)) {
            return new ProcessBackend(runId);
        }
        throw new BadInputException("unknown backend '" + name + "'; this build has: " + String.join(", ", NAMES));
    }
}
