package dev.kvmrunner.domain.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds bash on PATH once. */
final class Shells {
    private static volatile String bash;

    private Shells() {}

    static String bash() {
        if (bash == null) {
            String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, "bash");
                if (Files.isExecutable(candidate)) {
                    bash = candidate.toAbsolutePath().toString();
                    return bash;
                }
            }
            bash = "/bin/bash";
        }
        return bash;
    }
}
