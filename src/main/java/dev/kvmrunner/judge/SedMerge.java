package dev.kvmrunner.judge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides when consecutive sed scripts of a pipeline may run as one process,
 * {@code sed -f a -f b} instead of {@code sed -f a | sed -f b}: each process costs about a
 * millisecond to start, and a libreswan pipeline has dozens per host.
 *
 * <p>The two differ in general: in one process a later script sees the pattern space in the
 * middle of a cycle, not a finished line. They agree when every script only substitutes,
 * transliterates and deletes lines, selected by regular expressions: then each line goes
 * through the scripts in turn and either comes out once or is deleted, exactly as through the
 * pipeline. So a script is mergeable when it has only these, checked by a small conservative
 * parser (anything it does not understand makes the script not mergeable):
 * <ul>
 * <li>commands {@code s}, {@code y}, {@code d}, blocks {@code { }}, {@code !}, comments;</li>
 * <li>{@code s} flags {@code g}, {@code i}, {@code I} and a number (not {@code p}, {@code w},
 *     {@code e}, {@code m}), and no newline ({@code \n}) in the replacement (it would make one
 *     line two for the next script);</li>
 * <li>addresses: regular expressions ({@code /re/}, {@code \cREc}, with {@code I});
 *     line numbers and {@code $} only in the first script of a group, where they count the
 *     same lines as in a pipeline;</li>
 * <li>no {@code #n} first line, no line continued with a backslash.</li>
 * </ul>
 * Results are cached per file and modification time. Thread-safe.
 */
public final class SedMerge {

    private record Key(Path file, FileTime modified) {}

    /** Per script: 0 not mergeable, 1 mergeable anywhere, 2 mergeable only first (line addresses). */
    private static final ConcurrentHashMap<Key, Integer> CACHE = new ConcurrentHashMap<>();

    private SedMerge() {}

    /** The pipeline's commands, consecutive mergeable sed scripts joined into one process. */
    public static List<List<String>> commands(List<SanitizerScript> scripts) {
        List<List<String>> commands = new ArrayList<>();
        List<String> group = null;
        for (SanitizerScript script : scripts) {
            int kind = script.tool() == SanitizerScript.Tool.SED ? kind(script.file()) : 0;
            if (kind == 0) {
                commands.add(script.command());
                group = null;
            } else if (group != null && kind == 1) {
                group.add("-f");
                group.add(script.file().toString());
            } else {
                group = new ArrayList<>(script.command());
                commands.add(group);
            }
        }
        List<List<String>> frozen = new ArrayList<>(commands.size());
        commands.forEach(c -> frozen.add(List.copyOf(c)));
        return frozen;
    }

    /** 0 not mergeable, 1 mergeable anywhere, 2 mergeable only first (see {@link #classify}); cached. */
    static int kind(Path file) {
        try {
            Key key = new Key(file.toAbsolutePath(), Files.getLastModifiedTime(file));
            return CACHE.computeIfAbsent(key, k -> {
                try {
                    return classify(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return 0;
                }
            });
        } catch (IOException e) {
            return 0;
        }
    }

    /** 0 not mergeable, 1 mergeable, 2 mergeable only as the first script of a group. */
    static int classify(String script) {
        if (script.startsWith("#n\n") || script.equals("#n")) {
            return 0;
        }
        Parser parser = new Parser(script);
        try {
            parser.script();
        } catch (Unsafe e) {
            return 0;
        }
        return parser.lineAddresses ? 2 : 1;
    }

    private static final class Unsafe extends Exception {
        Unsafe() {
            super(null, null, false, false);
        }
    }

    private static final class Parser {
        private final String s;
        private int at;
        boolean lineAddresses;
        private int depth;

        Parser(String s) {
            this.s = s;
        }

        void script() throws Unsafe {
            while (true) {
                skipSpaceAndSeparators();
                if (at >= s.length()) {
                    if (depth != 0) {
                        throw new Unsafe();
                    }
                    return;
                }
                char c = s.charAt(at);
                if (c == '#') {
                    skipToEndOfLine();
                    continue;
                }
                if (c == '}') {
                    if (--depth < 0) {
                        throw new Unsafe();
                    }
                    at++;
                    continue;
                }
                command();
            }
        }

        private void command() throws Unsafe {
            if (address()) {
                skipBlanks();
                if (peek() == ',') {
                    at++;
                    skipBlanks();
                    if (!address()) {
                        throw new Unsafe();
                    }
                }
            }
            skipBlanks();
            while (peek() == '!') {
                at++;
                skipBlanks();
            }
            char c = peek();
            at++;
            switch (c) {
                case '{' -> depth++;
                case 'd' -> endOfCommand();
                case 's' -> substitute();
                case 'y' -> {
                    char delimiter = delimiter();
                    part(delimiter, false);
                    part(delimiter, false);
                    endOfCommand();
                }
                default -> throw new Unsafe();
            }
        }

        /** Parses an address if there is one; returns whether there was. */
        private boolean address() throws Unsafe {
            char c = peek();
            if (c == '/' || c == '\\') {
                at++;
                char delimiter = c == '/' ? '/' : next();
                part(delimiter, false);
                while (peek() == 'I' || peek() == 'M') {
                    at++;
                }
                return true;
            }
            if (c == '$' || Character.isDigit(c)) {
                lineAddresses = true;
                at++;
                while (Character.isDigit(peek()) || peek() == '~') {
                    at++;
                }
                return true;
            }
            return false;
        }

        private void substitute() throws Unsafe {
            char delimiter = delimiter();
            part(delimiter, false);
            part(delimiter, true);
            while (true) {
                char c = peek();
                if (c == 'g' || c == 'i' || c == 'I' || Character.isDigit(c)) {
                    at++;
                } else {
                    break;
                }
            }
            endOfCommand();
        }

        private char delimiter() throws Unsafe {
            char delimiter = next();
            if (delimiter == '\n' || delimiter == '\\') {
                throw new Unsafe();
            }
            return delimiter;
        }

        /** Reads up to and over the delimiter; a replacement may not make new lines. */
        private void part(char delimiter, boolean replacement) throws Unsafe {
            while (true) {
                char c = next();
                if (c == '\n') {
                    throw new Unsafe();
                }
                if (c == '\\') {
                    char escaped = next();
                    if (escaped == '\n' || (replacement && escaped == 'n')) {
                        throw new Unsafe();
                    }
                    continue;
                }
                if (c == delimiter) {
                    return;
                }
            }
        }

        private void endOfCommand() throws Unsafe {
            skipBlanks();
            char c = peek();
            if (c == ';' || c == '\n') {
                at++;
            } else if (c == '}' || c == '#' || c == 0) {
                // handled by the caller
            } else {
                throw new Unsafe();
            }
        }

        private char peek() {
            return at < s.length() ? s.charAt(at) : 0;
        }

        private char next() throws Unsafe {
            if (at >= s.length()) {
                throw new Unsafe();
            }
            return s.charAt(at++);
        }

        private void skipBlanks() {
            while (at < s.length() && (s.charAt(at) == ' ' || s.charAt(at) == '\t')) {
                at++;
            }
        }

        private void skipSpaceAndSeparators() {
            while (at < s.length() && (Character.isWhitespace(s.charAt(at)) || s.charAt(at) == ';')) {
                at++;
            }
        }

        private void skipToEndOfLine() {
            while (at < s.length() && s.charAt(at) != '\n') {
                at++;
            }
        }
    }
}
