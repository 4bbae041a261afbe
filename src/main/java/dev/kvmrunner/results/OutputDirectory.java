package dev.kvmrunner.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test's {@code OUTPUT/}. Before a test reruns, an existing OUTPUT is moved (not copied,
 * not deleted) into the run's backup directory, so no earlier result is lost.
 */
public final class OutputDirectory {
    private OutputDirectory() {}

    /**
     * Moves OUTPUT_DIRECTORY (if it exists) to BACKUP_ROOT/TEST_NAME and creates it empty.
     * Returns where the old one went, or null.
     */
    public static Path prepare(Path outputDirectory, Path backupRoot, String testName) throws IOException {
        Path moved = null;
        if (Files.exists(outputDirectory)) {
            Path target = backupRoot.resolve(testName);
            for (int n = 1; Files.exists(target); n++) {
                target = backupRoot.resolve(testName + "." + n);
            }
            Files.createDirectories(backupRoot);
            Files.move(outputDirectory, target);
            moved = target;
        }
        Files.createDirectories(outputDirectory);
        return moved;
    }

    /**
     * Keeps what attempt N of a test left in OUTPUT_DIRECTORY (an infrastructure fault, retried)
     * in OUTPUT_DIRECTORY/attempt-N/, so that the next attempt starts empty and the first
     * failure can still be read.
     */
    public static void keepAttempt(Path outputDirectory, int attempt) throws IOException {
        Path kept = Files.createDirectories(outputDirectory.resolve("attempt-" + attempt));
        try (var files = Files.list(outputDirectory)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().startsWith("attempt-")) {
                    Files.move(file, kept.resolve(file.getFileName()));
                }
            }
        }
    }
}
