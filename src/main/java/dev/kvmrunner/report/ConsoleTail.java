package dev.kvmrunner.report;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The last lines a console showed, for a test that timed out: what the host was doing when the
 * runner gave up says more than "west: timeout". Reads only the end of the transcript.
 */
final class ConsoleTail {
    static final int LINES = 15;
    /** Enough for LINES console lines; a transcript can be megabytes. */
    private static final int BYTES = 16 * 1024;

    private ConsoleTail() {}

    /** The last LINES lines of FILE (carriage returns dropped), empty when it cannot be read. */
    static List<String> of(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - BYTES);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            List<String> lines = new ArrayList<>(List.of(
                    new String(bytes, StandardCharsets.UTF_8).replace("\r", "").split("\n", -1)));
            if (start > 0 && !lines.isEmpty()) {
                lines.remove(0); // a partial first line
            }
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
                lines.remove(lines.size() - 1);
            }
            return List.copyOf(lines.subList(Math.max(0, lines.size() - LINES), lines.size()));
        } catch (IOException e) {
            return List.of();
        }
    }
}
