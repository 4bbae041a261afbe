package dev.kvmrunner.domain;

import dev.kvmrunner.config.BadInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The backends of this build: the {@link BackendProvider}s registered in
 * {@code META-INF/services/dev.kvmrunner.domain.BackendProvider}, found once.
 */
public final class Backends {
    /** The backend a suite without a {@code backend} setting runs on. */
    public static final String DEFAULT = "process";

    private static final List<BackendProvider> PROVIDERS = load();

    private Backends() {}

    private static List<BackendProvider> load() {
        List<BackendProvider> providers = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())
                .forEach(providers::add);
        // the default first, then by name: doctor and --help list them in this order
        providers.sort(Comparator.comparing((BackendProvider p) -> !p.name().equals(DEFAULT))
                .thenComparing(BackendProvider::name));
        return List.copyOf(providers);
    }

    /** Every registered backend, the default first. */
    public static List<BackendProvider> providers() {
        return PROVIDERS;
    }

    /** Their names, the default first. */
    public static List<String> names() {
        return PROVIDERS.stream().map(BackendProvider::name).toList();
    }

    /** The backend called NAME; an unknown name is the user's mistake. */
    public static BackendProvider provider(String name) {
        return find(name)
                .orElseThrow(() -> new BadInputException(
                        "unknown backend '" + name + "'; this build has: " + String.join(", ", names())));
    }

    public static Optional<BackendProvider> find(String name) {
        return PROVIDERS.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * Reads and checks backend NAME's settings, and that the suite config has no table of a
     * backend this build lacks and that a prefix has a location only where the backend can place
     * groups elsewhere.
     */
    public static ConfiguredBackend configure(String name, BackendSettings settings) {
        BackendProvider provider = provider(name);
        settings.tables().values().stream()
                .filter(table -> find(table.name()).isEmpty())
                .findFirst()
                .ifPresent(table -> {
                    throw new BadInputException(table.header() + ": unknown table [" + table.name()
                            + "]; tables of backends this build has: " + String.join(", ", names()));
                });
        if (!settings.locations().isEmpty() && !provider.abilities().contains(Ability.REMOTE_GROUPS)) {
            String prefix = settings.locations().keySet().iterator().next();
            throw new BadInputException(
                    "--prefix " + prefix + "=" + settings.locations().get(prefix) + ": the " + name
                            + " backend keeps every domain group on this machine; a location needs one that can place them elsewhere");
        }
        return provider.configure(settings);
    }

    /** Configures and creates backend NAME. */
    public static Backend create(String name, BackendSettings settings) {
        return configure(name, settings).create();
    }

    /** Creates backend NAME for run RUN_ID with defaults (tests). */
    public static Backend create(String name, String runId) {
        return create(name, BackendSettings.of(runId));
    }
}
