package dev.kvmrunner.domain;

import dev.kvmrunner.config.BackendTable;
import dev.kvmrunner.config.SuiteConfig;
import dev.kvmrunner.config.Topology;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a backend is told about the run and the suite when it is configured.
 *
 * @param runId        marks every process (and, where it can, every other thing) the backend starts
 * @param hosts        the suite's configured hosts; may be empty (then only the topology's are known)
 * @param topology     the suite's networks; {@link Topology#NONE} when it has none
 * @param directory    the suite directory
 * @param tables       the suite config's backend tables by name ({@code [qemu]})
 * @param installScript the suite's install step ({@code [install] script}, env KVM_INSTALL_SCRIPT)
 * @param environment  the environment
 * @param flags        the command line's backend flags by flag name ({@code --accel}); unset ones absent
 * @param locations    where a domain group lives, by prefix, for {@code --prefix b.=LOCATION};
 *                     prefixes without a location are absent
 * @param log          where a backend reports one-off progress (an image build, the accelerator chosen)
 * @param timeouts     every wait the backend makes (shutdown, kill, its commands, QMP, image steps): the
 *                     run's, scaled by --timeout-scale; the suite's for commands without that flag
 */
public record BackendSettings(
        String runId,
        List<String> hosts,
        Topology topology,
        Path directory,
        Map<String, BackendTable> tables,
        Optional<String> installScript,
        Map<String, String> environment,
        Map<String, String> flags,
        Map<String, String> locations,
        PrintStream log,
        Timeouts timeouts) {
    public BackendSettings {
        hosts = List.copyOf(hosts);
        tables = Map.copyOf(tables);
        environment = Map.copyOf(environment);
        flags = Map.copyOf(flags);
        locations = Map.copyOf(locations);
    }

    /** A run that knows nothing about its suite (tests, the process backend). */
    public static BackendSettings of(String runId) {
        return new BackendSettings(
                runId,
                List.of(),
                Topology.NONE,
                Path.of("").toAbsolutePath(),
                Map.of(),
                Optional.empty(),
                System.getenv(),
                Map.of(),
                Map.of(),
                System.err,
                Timeouts.DEFAULTS);
    }

    /** The settings of SUITE for run RUN_ID, with this process's environment and no flags. */
    public static BackendSettings of(String runId, SuiteConfig suite) {
        return new BackendSettings(
                runId,
                suite.hosts(),
                suite.topology(),
                suite.directory(),
                suite.backendTables(),
                suite.installScript(),
                System.getenv(),
                Map.of(),
                Map.of(),
                System.err,
                suite.timeouts());
    }

    /**
     * The hosts a domain group may need: the suite's, else those its topology names and
     * libreswan's defaults.
     */
    public List<String> knownHosts() {
        if (!hosts.isEmpty()) {
            return hosts;
        }
        Set<String> known = new TreeSet<>(topology.hosts().keySet());
        known.addAll(List.of("east", "west", "road", "north", "nic"));
        return List.copyOf(known);
    }

    /** The values of PROVIDER's settings: flags, then environment, then its table. */
    public SettingValues values(BackendProvider provider) {
        return new SettingValues(
                provider.name(),
                provider.settings(),
                flags,
                environment,
                Optional.ofNullable(tables.get(provider.name())));
    }

    /** The suite's install step: the environment's KVM_INSTALL_SCRIPT, else the suite config's. */
    public Optional<String> installStep() {
        return Optional.ofNullable(environment.get("KVM_INSTALL_SCRIPT"))
                .filter(s -> !s.isBlank())
                .or(() -> installScript);
    }

    /** These settings with other flags, locations and log. */
    public BackendSettings with(Map<String, String> newFlags, Map<String, String> newLocations, PrintStream newLog) {
        return new BackendSettings(
                runId,
                hosts,
                topology,
                directory,
                tables,
                installScript,
                environment,
                newFlags,
                newLocations,
                newLog,
                timeouts);
    }

    /** These settings with other timeouts (the run's, scaled by --timeout-scale). */
    public BackendSettings with(Timeouts newTimeouts) {
        return new BackendSettings(
                runId,
                hosts,
                topology,
                directory,
                tables,
                installScript,
                environment,
                flags,
                locations,
                log,
                newTimeouts);
    }

    /** These settings with another environment (tests). */
    public BackendSettings withEnvironment(Map<String, String> newEnvironment) {
        return new BackendSettings(
                runId,
                hosts,
                topology,
                directory,
                tables,
                installScript,
                newEnvironment,
                flags,
                locations,
                log,
                timeouts);
    }
}
