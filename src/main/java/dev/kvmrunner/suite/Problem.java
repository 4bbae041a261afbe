package dev.kvmrunner.suite;

import java.nio.file.Path;

/**
 * Something wrong in an input file, at a line.
 *
 * @param error true when loading must fail; false for a warning the user should see
 */
public record Problem(Path file, int line, boolean error, String what) {

    public static Problem error(Path file, int line, String what) {
        return new Problem(file, line, true, what);
    }

    public static Problem warning(Path file, int line, String what) {
        return new Problem(file, line, false, what);
    }

    /** {@code FILE:LINE: what}, the form editors and compilers use. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + what;
    }
}
