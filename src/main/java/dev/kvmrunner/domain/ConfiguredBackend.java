package dev.kvmrunner.domain;

import java.util.List;

/** A backend whose settings were read and checked, not started yet. */
public interface ConfiguredBackend {
    /** The settings as the backend will use them, one "key: value" line each, for {@code run --dry-run}. */
    List<String> describe();

    /** Makes the backend; whatever it starts, {@link Backend#close()} stops. */
    Backend create();
}
