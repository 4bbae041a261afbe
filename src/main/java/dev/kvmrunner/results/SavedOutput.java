package dev.kvmrunner.results;

import dev.kvmrunner.files.AtomicFiles;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.judge.Verdict;
import java.io.IOException;
import java.nio.file.Path;

/** Saves what judging produced into a test's OUTPUT directory. */
public final class SavedOutput {
    private SavedOutput() {}

    /**
     * Writes the verdict's {@code <host>.console.txt} (hosts with sanitized output) and
     * {@code <host>.console.diff} (every host; empty when there is no diff) into the directory,
     * each atomically (temporary file, then rename). An untested verdict writes nothing.
     */
    public static void save(Verdict verdict, Path outputDirectory) throws IOException {
        if (verdict.result() == Result.UNTESTED) {
            return;
        }
        for (var entry : verdict.sanitizedOutputs().entrySet()) {
            AtomicFiles.write(outputDirectory.resolve(entry.getKey() + ".console.txt"), entry.getValue());
        }
        for (String host : verdict.hosts()) {
            StringBuilder diff = new StringBuilder();
            for (String line : verdict.diff(host)) {
                diff.append(line).append('\n');
            }
            AtomicFiles.write(outputDirectory.resolve(host + ".console.diff"), diff.toString());
        }
    }
}
