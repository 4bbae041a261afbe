package dev.kvmrunner.domain;

import java.util.List;
import java.util.function.Supplier;

/** A backend whose settings were read and checked, not started yet. */
public interface ConfiguredBackend {
    /** The settings as the backend will use them, one "key: value" line each, for {@code run --dry-run}. */
    List<String> describe();

    /** Makes the backend; whatever it starts, {@link Backend#close()} stops. */
    Backend create();

    /** A backend that CREATE makes, its settings described by DESCRIPTION. */
    static ConfiguredBackend of(List<String> description, Supplier<Backend> create) {
        List<String> lines = List.copyOf(description);
        return new ConfiguredBackend() {
            @Override
            public List<String> describe() {
                return lines;
            }

            @Override
            public Backend create() {
                return create.get();
            }
        };
    }
}
