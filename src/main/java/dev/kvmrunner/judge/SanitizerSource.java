package dev.kvmrunner.judge;

import dev.kvmrunner.config.BadInputException;
import java.nio.file.Path;

/**
 * Decides which sanitizer scripts clean up a host's transcript. Implementations must be
 * thread-safe: the hosts of a test, and many tests, are judged in parallel.
 *
 * @see ScriptListSanitizerSource the suite config's fixed list
 * @see LibreswanFixupSource libreswan's REF_CONSOLE_FIXUPS
 */
public interface SanitizerSource {

    /**
     * The sanitizer for one host of one test.
     *
     * @param testName the test's name (also given to the scripts as {@code TESTNAME})
     * @param testDirectory the test's directory (holding {@code testparams.sh}, if any)
     * @param host the host whose transcript will be sanitized
     * @throws BadInputException when the scripts cannot be determined or a script is missing;
     *         the message names the file
     * @throws InterruptedException the thread was interrupted while evaluating test parameters
     */
    Sanitizer sanitizerFor(String testName, Path testDirectory, String host) throws InterruptedException;

    /**
     * Announces that the sanitizers of a test in TEST_DIRECTORY will be asked for, in the
     * order of the calls: a source may prepare several tests at once (libreswan's test
     * parameters: one bash for many tests). Nothing by default.
     */
    default void expect(Path testDirectory) {}

    /**
     * What decides the sanitizer of this host and its output, as text for the key of
     * {@link SanitizedCache}: the scripts' names and contents and whatever chooses them.
     * Must be cheap (no processes): an unchanged tree is judged from the cache without
     * evaluating anything. Empty: do not cache.
     */
    default java.util.Optional<String> fingerprint(String testName, Path testDirectory, String host) {
        return java.util.Optional.empty();
    }
}
