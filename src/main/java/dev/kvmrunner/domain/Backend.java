package dev.kvmrunner.domain;

import java.nio.file.Path;

/**
 * How domains are made real. The runner knows backends only through this interface and
 * {@link Domain}; adding a backend does not touch the runner.
 */
public interface Backend extends AutoCloseable {
    /** The name used by {@code --backend} and the suite config. */
    String name();

    /**
     * Creates the handle of domain NAME (not started). WORK_DIRECTORY belongs to the domain
     * and is removed by the runner after the run.
     */
    Domain domain(DomainName name, Path workDirectory);

    /** Releases what the backend holds; safe to call twice. */
    @Override
    default void close() {
    }
}
