package dev.kvmrunner.config;

import dev.kvmrunner.domain.Backends;
import dev.kvmrunner.timeouts.Timeouts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The settings of one run, resolved in one place: flags, then the environment (KVM_WORKERS,
 * KVM_PREFIXES, KVM_PREFIX), then the suite config file, then defaults.
 *
 * @param workers  size of the boot pool
 * @param prefixes one domain group (and test worker) per prefix
 * @param backend  how domains are made real
 * @param timeouts the suite's timeouts, with --command-timeout and --timeout-scale applied
 * @param workersAuto  {@code --workers auto}: WORKERS is where the boot pool starts, and it adapts
 * @param prefixesAuto {@code --prefixes auto}: PREFIXES are the groups allowed, and only as many
 *                     run tests as the machine sustains
 * @param locations    where a group lives when not on this machine ({@code --prefix b.=URI}), by prefix
 */
public record RunSettings(
        int workers,
        List<String> prefixes,
        String backend,
        Timeouts timeouts,
        boolean workersAuto,
        boolean prefixesAuto,
        Map<String, String> locations) {
    public static final int DEFAULT_WORKERS = 1;
    public static final List<String> DEFAULT_PREFIXES = List.of("");
    /** The word that makes workers or prefixes adapt. */
    public static final String AUTO = "auto";

    public RunSettings {
        prefixes = List.copyOf(prefixes);
        locations = Map.copyOf(locations);
    }

    public RunSettings(int workers, List<String> prefixes, String backend, Timeouts timeouts) {
        this(workers, prefixes, backend, timeouts, false, false, Map.of());
    }

    /**
     * What the command line said; empty/null where it said nothing. WORKERS_AUTO is
     * {@code --workers auto}; PREFIX_COUNT is {@code --prefixes COUNT|auto}.
     */
    public record Flags(
            OptionalInt workers,
            List<String> prefixes,
            Optional<String> backend,
            Optional<Duration> commandTimeout,
            Optional<Double> scale,
            boolean workersAuto,
            Optional<String> prefixCount) {
        public Flags(
                OptionalInt workers,
                List<String> prefixes,
                Optional<String> backend,
                Optional<Duration> commandTimeout,
                Optional<Double> scale) {
            this(workers, prefixes, backend, commandTimeout, scale, false, Optional.empty());
        }
    }

    /** Prefixes made up for {@code --prefixes COUNT}: a. b. c. ... */
    public static List<String> generatedPrefixes(int count) {
        if (count < 1 || count > 26) {
            throw new BadInputException("--prefixes " + count + ": expected 1 to 26, or auto");
        }
        List<String> generated = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            generated.add((char) ('a' + i) + ".");
        }
        return generated;
    }

    /** How many groups {@code --prefixes auto} may use when no prefixes are listed: tests mostly wait. */
    static int defaultAutoPrefixes() {
        return Math.min(26, 2 * Runtime.getRuntime().availableProcessors());
    }

    /** The prefixes: the --prefix flags (each may hold several, '' is the empty prefix), else the environment, else ''. */
    public static List<String> prefixes(List<String> flags, Environment environment) {
        if (flags.isEmpty()) {
            return environment.prefixes().orElse(DEFAULT_PREFIXES);
        }
        return Environment.parsePrefixes(asList(flags), "--prefix");
    }

    /** The locations of the prefixes: of the --prefix flags when given, else of the environment. */
    public static Map<String, String> locations(List<String> flags, Environment environment) {
        if (flags.isEmpty()) {
            return environment.locations();
        }
        return Environment.parseLocations(asList(flags), "--prefix");
    }

    /** The --prefix flags as one space separated list, the empty prefix written '' as in KVM_PREFIXES. */
    private static String asList(List<String> flags) {
        return String.join(
                " ",
                flags.stream().map(prefix -> prefix.isEmpty() ? "''" : prefix).toList());
    }

    public static RunSettings resolve(Flags flags, Environment environment, SuiteConfig suite) {
        boolean workersAuto = flags.workersAuto() || (flags.workers().isEmpty() && environment.workersAuto());
        int workers = workersAuto
                ? 1
                : flags.workers().isPresent()
                        ? flags.workers().getAsInt()
                        : environment.workers().orElse(DEFAULT_WORKERS);
        if (workers < 1) {
            throw new BadInputException("--workers " + workers + ": expected 1 or more, or auto");
        }
        boolean prefixesAuto = false;
        List<String> prefixes;
        if (flags.prefixCount().isPresent()) {
            String count = flags.prefixCount().get().trim();
            prefixesAuto = count.equals(AUTO) || count.startsWith(AUTO + ":");
            if (count.startsWith(AUTO + ":")) {
                if (!flags.prefixes().isEmpty()) {
                    throw new BadInputException(
                            "--prefixes " + count + " and --prefix: give a count or a list, not both");
                }
                try {
                    prefixes = generatedPrefixes(Integer.parseInt(count.substring(AUTO.length() + 1)));
                } catch (NumberFormatException e) {
                    throw new BadInputException("--prefixes " + count + ": expected auto:COUNT, COUNT 1 to 26");
                }
            } else if (prefixesAuto) {
                prefixes = flags.prefixes().isEmpty() && environment.prefixes().isEmpty()
                        ? generatedPrefixes(defaultAutoPrefixes())
                        : prefixes(flags.prefixes(), environment);
            } else {
                if (!flags.prefixes().isEmpty()) {
                    throw new BadInputException(
                            "--prefixes " + count + " and --prefix: give a count or a list, not both");
                }
                try {
                    prefixes = generatedPrefixes(Integer.parseInt(count));
                } catch (NumberFormatException e) {
                    throw new BadInputException("--prefixes " + count + ": expected a count (1 to 26) or auto");
                }
            }
        } else {
            prefixes = prefixes(flags.prefixes(), environment);
        }
        String backend = flags.backend().or(suite::backend).orElse(Backends.DEFAULT);
        Timeouts timeouts = suite.timeouts();
        if (flags.commandTimeout().isPresent()) {
            Duration command = flags.commandTimeout().get();
            String problem = Timeouts.problemWithSeconds(command.toMillis() / 1000.0);
            if (problem != null) {
                throw new BadInputException("--command-timeout: " + problem);
            }
            timeouts = timeouts.withCommand(command);
        }
        double scale = flags.scale().orElse(1.0);
        if (!(scale > 0) || scale > Timeouts.LARGEST_SCALE) {
            throw new BadInputException(
                    "--timeout-scale " + scale + ": expected a positive number up to " + (long) Timeouts.LARGEST_SCALE);
        }
        Map<String, String> locations =
                prefixesAuto && flags.prefixCount().get().contains(":")
                        ? Map.of()
                        : locations(flags.prefixes(), environment);
        return new RunSettings(
                workers, prefixes, backend, timeouts.withScale(scale), workersAuto, prefixesAuto, locations);
    }
}
