package dev.kvmrunner.judge.sed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed sed programs per script files ({@code sed -f a [-f b ...]}), cached by the files'
 * paths, sizes and modification times, with the reason when a program cannot run in process.
 * Thread-safe. A script may hold other bytes than ASCII: on ASCII input they match nothing
 * and are copied as they are, in every locale; other input is checked by {@link #byteSemantics}.
 */
public final class SedPrograms {

    /** A program, or why there is none. */
    public record Parsed(Optional<SedProgram> program, String reason) {}

    private record FileKey(Path file, long size, FileTime modified) {}

    private static final Map<List<FileKey>, Parsed> CACHE = new ConcurrentHashMap<>();

    /**
     * Whether GNU sed would treat every byte as one character for any input: its locale
     * (LC_ALL, else LC_CTYPE, else LANG) is C or POSIX or unset. Otherwise the in-process
     * program is used only on ASCII input, where every locale agrees.
     */
    public static final boolean BYTE_SEMANTICS = byteLocale(System.getenv());

    private SedPrograms() {}

    static boolean byteLocale(Map<String, String> env) {
        String locale = null;
        for (String name : List.of("LC_ALL", "LC_CTYPE", "LANG")) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                locale = value;
                break;
            }
        }
        return locale == null || locale.equals("C") || locale.equals("POSIX");
    }

    /** True when the in-process program gives GNU sed's bytes for this input (see {@link #BYTE_SEMANTICS}). */
    public static boolean byteSemantics(String latin1Input) {
        return BYTE_SEMANTICS || isAscii(latin1Input);
    }

    static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The program of {@code sed -f files[0] -f files[1] ...}, parsed once per version of the files. */
    public static Parsed forFiles(List<Path> files) {
        List<FileKey> key = new ArrayList<>(files.size());
        try {
            for (Path file : files) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                key.add(new FileKey(
                        file.toAbsolutePath().normalize(), attributes.size(), attributes.lastModifiedTime()));
            }
        } catch (IOException e) {
            return new Parsed(Optional.empty(), "cannot read " + e.getMessage());
        }
        return CACHE.computeIfAbsent(List.copyOf(key), k -> parse(files));
    }

    private static Parsed parse(List<Path> files) {
        List<String> scripts = new ArrayList<>(files.size());
        try {
            for (Path file : files) {
                String script = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                scripts.add(script);
            }
        } catch (IOException e) {
            return new Parsed(Optional.empty(), "cannot read " + e.getMessage());
        }
        try {
            return new Parsed(Optional.of(SedParser.parse(scripts, false, false)), "");
        } catch (UnsupportedSedException e) {
            return new Parsed(Optional.empty(), files + ": " + e.getMessage());
        }
    }
}
