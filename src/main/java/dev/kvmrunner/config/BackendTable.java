package dev.kvmrunner.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * A table of kvmrunner.toml that belongs to a backend ({@code [qemu]}): kept as written, for the
 * backend to read and check itself.
 *
 * @param name      the table's name, the backend's name
 * @param values    its keys and values as TOML gave them (strings, numbers, booleans, lists, tables)
 * @param places    FILE:LINE: name.key of each key, and FILE:LINE of the table's header under ""
 * @param directory the suite directory: relative paths in the table are relative to it
 */
public record BackendTable(String name, Map<String, Object> values, Map<String, String> places, Path directory) {
    public BackendTable {
        values = Map.copyOf(values);
        places = Map.copyOf(places);
    }

    /** FILE:LINE: name.key, for messages about KEY. */
    public String at(String key) {
        return places.getOrDefault(key, header() + ": " + name + "." + key);
    }

    /** FILE:LINE of the table's header. */
    public String header() {
        return places.getOrDefault("", name);
    }
}
