package dev.kvmrunner.domain;

import dev.kvmrunner.config.BackendTable;
import dev.kvmrunner.config.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The values of one backend's {@link BackendSetting}s, each taken from the first source that has
 * it: the flags, the environment, the backend's table in kvmrunner.toml. A bad value is reported
 * where it was written: {@code --accel}, {@code KVM_QEMU_ACCEL}, or {@code kvmrunner.toml:12: qemu.accel}.
 */
public final class SettingValues {
    private final String backend;
    private final Map<String, BackendSetting> settings;
    private final Map<String, String> flags;
    private final Map<String, String> environment;
    private final Optional<BackendTable> table;

    /**
     * @param backend     the backend's name
     * @param settings    the settings it declares
     * @param flags       command-line values by flag ({@code --accel})
     * @param environment the environment
     * @param table       its table of the suite config file, when there is one
     * @throws BadInputException for a key of the table that is not one of SETTINGS
     */
    public SettingValues(
            String backend,
            List<BackendSetting> settings,
            Map<String, String> flags,
            Map<String, String> environment,
            Optional<BackendTable> table) {
        this.backend = backend;
        this.settings = settings.stream().collect(Collectors.toMap(BackendSetting::key, s -> s));
        this.flags = Map.copyOf(flags);
        this.environment = Map.copyOf(environment);
        this.table = table;
        table.ifPresent(t -> t.values().keySet().stream()
                .filter(key -> !this.settings.containsKey(key))
                .findFirst()
                .ifPresent(key -> {
                    throw new BadInputException(t.at(key) + ": unknown key '" + key + "'; known keys here: "
                            + String.join(
                                    ", ",
                                    this.settings.keySet().stream().sorted().toList()));
                }));
    }

    /** The text of KEY, from the first source that sets it. */
    public Optional<String> text(String key) {
        return raw(key).map(value -> {
            if (value.value() instanceof String s) {
                return s;
            }
            if (value.value() instanceof Number || value.value() instanceof Boolean) {
                throw bad(key, "expected a string, not " + value.value());
            }
            throw bad(key, "expected a string");
        });
    }

    /** KEY as a path: one written in the suite config is relative to the suite directory, others to the working directory. */
    public Optional<Path> path(String key) {
        return raw(key).map(value -> {
            String text = text(key).orElseThrow();
            return value.base().resolve(text).normalize();
        });
    }

    /** KEY as a list: an array in the suite config, words separated by spaces or commas elsewhere. */
    public List<String> words(String key) {
        Optional<Source> value = raw(key);
        if (value.isEmpty()) {
            return List.of();
        }
        if (value.get().value() instanceof List<?> list) {
            List<String> words = new ArrayList<>();
            for (Object element : list) {
                if (!(element instanceof String s)) {
                    throw bad(key, "expected a list of strings");
                }
                words.add(s);
            }
            return words;
        }
        return Arrays.stream(text(key).orElseThrow().split("[\\s,]+"))
                .filter(w -> !w.isEmpty())
                .toList();
    }

    /** KEY as one of CHOICES (matched without regard to case), or empty when no source sets it. */
    public <E extends Enum<E>> Optional<E> choice(String key, Class<E> choices) {
        return text(key).map(text -> {
            for (E choice : choices.getEnumConstants()) {
                if (choice.name().equalsIgnoreCase(text.trim())) {
                    return choice;
                }
            }
            throw bad(key, "'" + text + "' is not " + names(choices));
        });
    }

    /** Where KEY's value was written, for messages: the flag, the variable, or FILE:LINE: table.key. */
    public String where(String key) {
        return raw(key).map(Source::where).orElseGet(() -> backend + "." + key);
    }

    /** The user's mistake in KEY, said where it was written. */
    public BadInputException bad(String key, String problem) {
        return new BadInputException(where(key) + ": " + problem);
    }

    private static <E extends Enum<E>> String names(Class<E> choices) {
        List<String> names = Arrays.stream(choices.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT))
                .toList();
        return names.size() == 1
                ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private record Source(Object value, String where, Path base) {}

    private Optional<Source> raw(String key) {
        BackendSetting setting = settings.get(key);
        if (setting == null) {
            throw new IllegalArgumentException(backend + " declares no setting " + key);
        }
        Path workingDirectory = Path.of("").toAbsolutePath();
        if (setting.flag().isPresent() && flags.get(setting.flag().get()) != null) {
            return Optional.of(
                    new Source(flags.get(setting.flag().get()), setting.flag().get(), workingDirectory));
        }
        String fromEnvironment = environment.get(setting.environment());
        if (fromEnvironment != null) {
            return Optional.of(new Source(fromEnvironment, setting.environment(), workingDirectory));
        }
        return table.filter(t -> t.values().containsKey(key))
                .map(t -> new Source(t.values().get(key), t.at(key), t.directory()));
    }
}
