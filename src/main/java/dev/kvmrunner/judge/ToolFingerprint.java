package dev.kvmrunner.judge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * What identifies the programs a sanitizer runs, without running them: each tool's
 * executable as found on PATH (real path, size, modification time), and kvmrunner's own
 * build (its in-process sed is one of the tools). Computed once per JVM.
 */
final class ToolFingerprint {

    static final String VALUE = compute();

    private ToolFingerprint() {}

    private static String compute() {
        StringBuilder value = new StringBuilder();
        for (String tool : List.of("sed", "gawk", "awk", "perl", "bash")) {
            value.append(tool).append('=').append(executable(tool)).append(';');
        }
        try {
            Path self = Path.of(ToolFingerprint.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            value.append("kvmrunner=").append(describe(self));
        } catch (Exception e) {
            value.append("kvmrunner=unknown");
        }
        return value.toString();
    }

    private static String executable(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return "none";
        }
        for (String directory : path.split(":")) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return describe(candidate);
            }
        }
        return "none";
    }

    private static String describe(Path file) {
        try {
            Path real = file.toRealPath();
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            return real + ":" + attributes.size() + ":"
                    + attributes.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return file + ":unreadable";
        }
    }
}
