package dev.kvmrunner.judge;

import dev.kvmrunner.config.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite config's sanitizers: one fixed, ordered list of script files (paths relative to
 * the suite directory) used for every test and host. The files are checked when this source
 * is made, so a typo in the config is reported before anything runs.
 *
 * <p>Unlike libreswan's sanitizer.sh no newline is appended to the output.
 */
public final class ScriptListSanitizerSource implements SanitizerSource {

    private final Sanitizer sanitizer;

    /**
     * @param suiteDirectory the directory the paths are relative to
     * @param scripts script paths ({@code .sed}, {@code .awk}, {@code .pl}), in pipeline order
     * @throws BadInputException naming the first file that is missing or of unknown type
     */
    public ScriptListSanitizerSource(Path suiteDirectory, List<String> scripts) {
        List<SanitizerScript> resolved = new ArrayList<>(scripts.size());
        Path base = suiteDirectory.toAbsolutePath().normalize();
        for (String script : scripts) {
            resolved.add(SanitizerScript.of(base.resolve(script).normalize(), "sanitizer"));
        }
        this.sanitizer = new Sanitizer(resolved, false);
    }

    @Override
    public Sanitizer sanitizerFor(String testName, Path testDirectory, String host) {
        return sanitizer;
    }

    @Override
    public java.util.Optional<String> fingerprint(String testName, Path testDirectory, String host) {
        StringBuilder fingerprint = new StringBuilder("list;");
        for (SanitizerScript script : sanitizer.scripts()) {
            fingerprint
                    .append(script.file())
                    .append('=')
                    .append(SanitizedCache.fileHash(script.file()))
                    .append(';');
        }
        return java.util.Optional.of(fingerprint.toString());
    }

    @Override
    public String toString() {
        return sanitizer.toString();
    }
}
