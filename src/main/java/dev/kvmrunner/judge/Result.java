package dev.kvmrunner.judge;

import java.util.Locale;

/**
 * The result of a test, POSIX 1003.3 style (libreswan's {@code Resolution}).
 *
 * <p>The constants are declared from least to most severe among the attempted results:
 * once a run is known to be {@link #FAILED} it can only get worse ({@link #UNRESOLVED}),
 * never better. {@link #UNTESTED} means no attempt was made (no OUTPUT directory).
 */
public enum Result {
    PASSED,
    FAILED,
    UNRESOLVED,
    UNTESTED;

    /** True for passed, failed and unresolved: an attempt was made. */
    public boolean attempted() {
        return this != UNTESTED;
    }

    /** True for passed and failed: the test ran to a conclusion. */
    public boolean resolved() {
        return this == PASSED || this == FAILED;
    }

    /** The lower-case name used in RESULT files, log lines and reports. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a lower-case name such as {@code "passed"}; throws on anything else. */
    public static Result parse(String name) {
        for (Result result : values()) {
            if (result.toString().equals(name)) {
                return result;
            }
        }
        throw new IllegalArgumentException("unknown result: " + name);
    }
}
