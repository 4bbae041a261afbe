package dev.kvmrunner.domain;

import dev.kvmrunner.config.SuiteConfig;
import dev.kvmrunner.config.Topology;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * What a backend is told about the run and the suite when it is created.
 *
 * @param runId    marks every process (and, where it can, every other thing) the backend starts
 * @param hosts    the suite's configured hosts; may be empty (then only the topology's are known)
 * @param topology the suite's networks; {@link Topology#NONE} when it has none
 * @param options  backend options: the environment with the command line's backend flags
 *                 applied (e.g. KVM_QEMU_ACCEL from --accel)
 * @param log      where a backend reports one-off progress (an image build, the accelerator chosen)
 * @param timeouts every wait the backend makes (shutdown, kill, its commands, QMP), scaled as the run's
 */
public record BackendSettings(String runId, List<String> hosts, Topology topology, Map<String, String> options,
                              PrintStream log, Timeouts timeouts) {
    public BackendSettings {
        hosts = List.copyOf(hosts);
        options = Map.copyOf(options);
    }

    /** A run that knows nothing about its suite (tests, the process backend). */
    public static BackendSettings of(String runId) {
        return new BackendSettings(runId, List.of(), Topology.NONE, System.getenv(), System.err, Timeouts.DEFAULTS);
    }

    /** The settings of SUITE for run RUN_ID: the suite's backend options, overridden by the environment. */
    public static BackendSettings of(String runId, SuiteConfig suite) {
        java.util.Map<String, String> options = new java.util.HashMap<>(suite.backendOptions());
        options.putAll(System.getenv());
        return new BackendSettings(runId, suite.hosts(), suite.topology(), options, System.err, suite.timeouts());
    }

    /**
     * The hosts a domain group may need: the suite's, else those its topology names and
     * libreswan's defaults.
     */
    public List<String> knownHosts() {
        if (!hosts.isEmpty()) {
            return hosts;
        }
        java.util.Set<String> known = new java.util.TreeSet<>(topology.hosts().keySet());
        known.addAll(List.of("east", "west", "road", "north", "nic"));
        return List.copyOf(known);
    }

    /** These settings with other options and log. */
    public BackendSettings with(Map<String, String> newOptions, PrintStream newLog) {
        return new BackendSettings(runId, hosts, topology, newOptions, newLog, timeouts);
    }

    /** These settings with other timeouts (the run's, scaled by --timeout-scale). */
    public BackendSettings with(Timeouts newTimeouts) {
        return new BackendSettings(runId, hosts, topology, options, log, newTimeouts);
    }
}
