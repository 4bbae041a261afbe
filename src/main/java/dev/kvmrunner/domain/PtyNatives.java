package dev.kvmrunner.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where pty4j keeps its native library. By default it unpacks it into a new
 * {@code <tmp>/pty4j-<os>-<arch>-<random>} in every JVM and never removes it (deleteOnExit of a
 * directory that is not empty does nothing): every run left one behind. Pointed at the user's
 * cache ({@code $XDG_CACHE_HOME/kvmrunner/pty4j}, else {@code ~/.cache/kvmrunner/pty4j}) it
 * unpacks once and reuses it (pty4j checks the copy's checksum). Call before pty4j loads.
 */
public final class PtyNatives {
    /** pty4j's own property: an absolute directory it unpacks into (a sub-directory per platform). */
    static final String PROPERTY = "pty4j.tmpdir";

    private PtyNatives() {}

    /** Sets pty4j's directory unless it is set already or the cache cannot be made (then pty4j's default stays). */
    public static synchronized void useCache(Map<String, String> environment) {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        Path directory = cache.resolve("kvmrunner").resolve("pty4j");
        try {
            Files.createDirectories(directory);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        if (Files.isWritable(directory)) {
            System.setProperty(PROPERTY, directory.toAbsolutePath().toString());
        }
    }
}
