package dev.kvmrunner.cli;

import java.util.Map;
import java.util.Optional;

/**
 * Main's verbs by name, so that a start which names its verb ({@code kvmrunner results ...})
 * builds only that verb's picocli model: building all of them costs about as much again as the
 * verb's own, on every start. The same verbs as Main's {@code @Command(subcommands)} (without
 * {@code help}); CliTreeTest holds the two together.
 */
final class Verbs {
    private static final Map<String, Class<?>> BY_NAME = Map.ofEntries(
            Map.entry("run", RunCommand.class),
            Map.entry("list", ListCommand.class),
            Map.entry("results", ResultsCommand.class),
            Map.entry("install", InstallCommand.class),
            Map.entry("uninstall", UninstallCommand.class),
            Map.entry("sh", ShCommand.class),
            Map.entry("doctor", DoctorCommand.class),
            Map.entry("bench", BenchCommand.class),
            Map.entry("recommend", RecommendCommand.class),
            Map.entry("status", StatusCommand.class),
            Map.entry("kill", KillCommand.class));

    private Verbs() {}

    /** The class of the verb called NAME; empty for any other word (help, a typo, an option). */
    static Optional<Class<?>> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    static Map<String, Class<?>> all() {
        return BY_NAME;
    }
}
