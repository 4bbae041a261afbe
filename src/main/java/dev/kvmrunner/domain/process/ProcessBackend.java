package dev.kvmrunner.domain.process;

import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.timeouts.Timeouts;
import java.nio.file.Path;

/**
 * The default backend: a domain is an interactive shell under a pseudo-terminal, in its own
 * session and working directory, with its own HOSTNAME. No root, no VM; booting is cheap.
 */
public final class ProcessBackend implements Backend {
    public static final String NAME = "process";

    private final String runId;
    private final Timeouts timeouts;

    /** RUN_ID marks every process this backend starts, so leftovers of a killed run can be found. */
    public ProcessBackend(String runId) {
        this(runId, Timeouts.DEFAULTS);
    }

    /** As above, with the run's TIMEOUTS (a domain closed outside a shutdown waits for the shutdown timeout). */
    public ProcessBackend(String runId, Timeouts timeouts) {
        this.runId = runId;
        this.timeouts = timeouts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Domain domain(DomainName name, Path workDirectory) {
        return new ProcessDomain(name, workDirectory, runId, timeouts);
    }
}
