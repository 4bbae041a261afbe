package dev.kvmrunner.domain;

import dev.kvmrunner.config.SuiteConfig;
import dev.kvmrunner.config.Topology;
import java.util.List;

/**
 * What a backend is told about the run and the suite when it is created.
 *
 * @param runId    marks every process (and, where it can, every other thing) the backend starts
 * @param hosts    the suite's configured hosts; may be empty (then only the topology's are known)
 * @param topology the suite's networks; {@link Topology#NONE} when it has none
 */
public record BackendSettings(String runId, List<String> hosts, Topology topology) {
    public BackendSettings {
        hosts = List.copyOf(hosts);
    }

    /** A run that knows nothing about its suite (tests, the process backend). */
    public static BackendSettings of(String runId) {
        return new BackendSettings(runId, List.of(), Topology.NONE);
    }

    /** The settings of SUITE for run RUN_ID. */
    public static BackendSettings of(String runId, SuiteConfig suite) {
        return new BackendSettings(runId, suite.hosts(), suite.topology());
    }
}
