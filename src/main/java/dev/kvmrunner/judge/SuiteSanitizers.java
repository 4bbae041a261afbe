package dev.kvmrunner.judge;

import dev.kvmrunner.config.SuiteConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks each test's sanitizers from its suite: the config file's list when it has one,
 * libreswan's REF_CONSOLE_FIXUPS when the suite sits in a libreswan testing tree
 * ({@code <testing>/default-testparams.sh} and {@code <testing>/sanitizers/}), else none.
 */
public final class SuiteSanitizers implements SanitizerSource {
    private final Map<Path, SanitizerSource> bySuite = new HashMap<>();
    private final Map<Path, Path> suiteOfTest = new HashMap<>();

    /** Registers the suite of a test directory; call once per test before judging. */
    public synchronized void add(Path testDirectory, SuiteConfig config) {
        Path suite = config.directory();
        suiteOfTest.put(testDirectory, suite);
        bySuite.computeIfAbsent(suite, s -> forSuite(config)).expect(testDirectory);
    }

    static SanitizerSource forSuite(SuiteConfig config) {
        if (!config.sanitizers().isEmpty()) {
            return new ScriptListSanitizerSource(
                    config.directory(),
                    config.sanitizers().stream().map(Path::toString).toList());
        }
        Path testing = config.directory().getParent();
        if (testing != null
                && Files.isRegularFile(testing.resolve("default-testparams.sh"))
                && Files.isDirectory(testing.resolve("sanitizers"))) {
            boolean main = dev.kvmrunner.suite.LibreswanTree.detect(config.directory())
                    .map(catalog -> catalog.style() == dev.kvmrunner.suite.HostCatalog.Style.MODERN)
                    .orElse(false);
            return new LibreswanFixupSource(testing, config.timeouts().localCommand(), main);
        }
        return new ScriptListSanitizerSource(config.directory(), List.of());
    }

    @Override
    public java.util.Optional<String> fingerprint(String testName, Path testDirectory, String host) {
        return source(testDirectory).fingerprint(testName, testDirectory, host);
    }

    private synchronized SanitizerSource source(Path testDirectory) {
        Path suite = suiteOfTest.get(testDirectory);
        if (suite == null) {
            throw new IllegalStateException("no suite registered for " + testDirectory);
        }
        return bySuite.get(suite);
    }

    @Override
    public Sanitizer sanitizerFor(String testName, Path testDirectory, String host) throws InterruptedException {
        SanitizerSource source;
        synchronized (this) {
            Path suite = suiteOfTest.get(testDirectory);
            if (suite == null) {
                throw new IllegalStateException("no suite registered for " + testDirectory);
            }
            source = bySuite.get(suite);
        }
        return source.sanitizerFor(testName, testDirectory, host);
    }
}
