package dev.kvmrunner.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The settings of one run, resolved in one place: flags, then the environment (KVM_WORKERS,
 * KVM_PREFIXES, KVM_PREFIX), then the suite config file, then defaults.
 *
 * @param workers  size of the boot pool
 * @param prefixes one domain group (and test worker) per prefix
 * @param backend  how domains are made real
 * @param timeouts the suite's timeouts (before scaling)
 * @param scale    the factor every timeout is multiplied by
 */
public record RunSettings(int workers, List<String> prefixes, String backend, SuiteConfig.Timeouts timeouts, double scale) {
    public static final int DEFAULT_WORKERS = 1;
    public static final List<String> DEFAULT_PREFIXES = List.of("");

    public RunSettings {
        prefixes = List.copyOf(prefixes);
    }

    /** What the command line said; empty/null where it said nothing. */
    public record Flags(OptionalInt workers, List<String> prefixes, Optional<String> backend,
                        Optional<Duration> commandTimeout, Optional<Double> scale) {
    }

    /** The prefixes: the --prefix flags (each may hold several, '' is the empty prefix), else the environment, else ''. */
    public static List<String> prefixes(List<String> flags, Environment environment) {
        if (flags.isEmpty()) {
            return environment.prefixes().orElse(DEFAULT_PREFIXES);
        }
        List<String> quoted = new java.util.ArrayList<>();
        for (String prefix : flags) {
            quoted.add(prefix.isEmpty() ? "''" : prefix);
        }
        return Environment.parsePrefixes(String.join(" ", quoted), "--prefix");
    }

    public static RunSettings resolve(Flags flags, Environment environment, SuiteConfig suite) {
        int workers = flags.workers().isPresent() ? flags.workers().getAsInt()
                : environment.workers().orElse(DEFAULT_WORKERS);
        if (workers < 1) {
            throw new BadInputException("--workers " + workers + ": expected 1 or more");
        }
        List<String> prefixes = prefixes(flags.prefixes(), environment);
        String backend = flags.backend().orElse(suite.backend());
        SuiteConfig.Timeouts timeouts = suite.timeouts();
        if (flags.commandTimeout().isPresent()) {
            timeouts = new SuiteConfig.Timeouts(flags.commandTimeout().get(), timeouts.boot(), timeouts.shutdown());
        }
        double scale = flags.scale().orElse(1.0);
        if (!(scale > 0)) {
            throw new BadInputException("--timeout-scale " + scale + ": expected a positive number");
        }
        return new RunSettings(workers, prefixes, backend, timeouts, scale);
    }
}
