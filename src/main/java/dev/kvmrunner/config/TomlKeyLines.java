package dev.kvmrunner.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each key of a TOML file is written, so that an error found after parsing (a wrong type,
 * a bad value) names FILE:LINE like a syntax error does. Reads table headers ({@code [a.b]},
 * {@code [[a.b]]}) and {@code key = } lines; a key inside an inline table or an array element
 * is placed at the line of the nearest enclosing key that is written on a line of its own.
 */
final class TomlKeyLines {
    private final Path file;
    private final Map<String, Integer> lines = new HashMap<>();

    private TomlKeyLines(Path file) {
        this.file = file;
    }

    static TomlKeyLines of(Path file, String text) {
        TomlKeyLines keys = new TomlKeyLines(file);
        String table = "";
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = withoutComment(lines[i]).trim();
            if (line.startsWith("[")) {
                String name = line.replaceAll("^\\[+|\\]+$", "").trim();
                table = dotted(name);
                keys.lines.putIfAbsent(table, i + 1);
            } else if (line.contains("=")) {
                String key = dotted(line.substring(0, line.indexOf('=')).trim());
                keys.lines.putIfAbsent(table.isEmpty() ? key : table + "." + key, i + 1);
            }
        }
        return keys;
    }

    /** {@code FILE:LINE: KEY}, or {@code FILE: KEY} when the key is not written in the file. */
    String at(String key) {
        int line = line(key);
        return file + (line > 0 ? ":" + line : "") + ": " + key;
    }

    /** The line of KEY, or of its nearest parent written on a line of its own; 0 when none is. */
    int line(String key) {
        List<String> parts = new ArrayList<>(List.of(key.split("\\.")));
        while (!parts.isEmpty()) {
            Integer line = lines.get(String.join(".", parts));
            if (line != null) {
                return line;
            }
            parts.remove(parts.size() - 1);
        }
        return 0;
    }

    /** "a . \"b\"" → "a.b": dotted keys with whitespace and quotes removed. */
    private static String dotted(String key) {
        List<String> parts = new ArrayList<>();
        for (String part : key.split("\\.")) {
            parts.add(part.trim().replaceAll("^[\"']|[\"']$", ""));
        }
        return String.join(".", parts);
    }

    /** The line up to a '#' that is not inside a string. */
    private static String withoutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
