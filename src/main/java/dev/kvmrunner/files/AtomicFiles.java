package dev.kvmrunner.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/** Writes a file so that readers see the old content or the new, never half of it. */
public final class AtomicFiles {
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();

    private AtomicFiles() {}

    /** Writes TEXT to a temporary file beside FILE, then renames it over FILE. */
    public static void write(Path file, String text) throws IOException {
        Path temp = tempBeside(file);
        try {
            Files.write(
                    temp,
                    text.getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            moveOver(temp, file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Copies SOURCE to a temporary file beside TARGET, then renames it over TARGET. */
    public static void copy(Path source, Path target) throws IOException {
        Path temp = tempBeside(target);
        try {
            Files.copy(source, temp);
            moveOver(temp, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static Path tempBeside(Path file) {
        // not Files.createTempFile: its 0600 mode would survive the rename; this one gets the umask's
        return file.resolveSibling("." + file.getFileName() + "."
                + ProcessHandle.current().pid() + "." + TEMP_COUNTER.incrementAndGet() + ".tmp");
    }

    private static void moveOver(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
