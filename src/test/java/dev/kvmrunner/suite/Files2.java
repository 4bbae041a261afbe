package dev.kvmrunner.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds small suites in temporary directories. */
public final class Files2 {

    private Files2() {}

    /** Writes {@code text} to {@code root/relative}, creating directories. */
    public static Path write(Path root, String relative, String text) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates empty files {@code names} in {@code directory}. */
    public static Path touch(Path directory, String... names) {
        for (String name : names) {
            write(directory, name, "");
        }
        return directory;
    }
}
