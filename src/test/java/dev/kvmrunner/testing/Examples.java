package dev.kvmrunner.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The project's example suites, copied for a test to run (without the OUTPUT of earlier runs). */
public final class Examples {
    private Examples() {}

    /** Copies examples/NAME into TARGET (created), leaving out OUTPUT and BACKUP directories. */
    public static void copy(String name, Path target) throws IOException {
        Path examples = Path.of("examples", name).toAbsolutePath();
        try (Stream<Path> files = Files.walk(examples)) {
            for (Path from : files.filter(p ->
                            !p.toString().contains("OUTPUT") && !p.toString().contains("BACKUP"))
                    .toList()) {
                Path to = target.resolve(examples.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
    }
}
