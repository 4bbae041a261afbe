package dev.kvmrunner.suite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads small text files as lines, as Python's text mode does. */
final class TextFiles {

    private TextFiles() {}

    /**
     * The file's lines without terminators; {@code \n}, {@code \r\n} and {@code \r} all end a
     * line. Bytes that are not UTF-8 become U+FFFD rather than failing the read.
     * (Loops, not String.lines(): the first stream in a JVM costs ~20 ms of start-up.)
     */
    static List<String> lines(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
