package dev.kvmrunner.results;

import dev.kvmrunner.suite.LoadedTests;
import dev.kvmrunner.suite.SuiteLoader;
import dev.kvmrunner.suite.TestCase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An earlier run to compare with ({@code --baseline DIR}): either a suite whose tests hold
 * their {@code OUTPUT/} (a complete earlier checkout), or an OUTPUT tree ({@code <test>/OUTPUT}
 * or {@code <test>/} per test, e.g. a BACKUP directory), as kvmresults.py accepts.
 */
public final class Baseline {

    /**
     * One test of the baseline.
     *
     * @param name            the test's name
     * @param test            the baseline's own test (expected output, hosts), when the baseline is a suite
     * @param outputDirectory the baseline run's output
     */
    public record Entry(String name, Optional<TestCase> test, Path outputDirectory) {}

    private final Path directory;
    private final Map<String, Entry> entries;
    private final boolean tree;

    private Baseline(Path directory, Map<String, Entry> entries, boolean tree) {
        this.directory = directory;
        this.entries = Map.copyOf(entries);
        this.tree = tree;
    }

    /** Loads DIRECTORY (relative to WORKING_DIRECTORY) as a suite or an OUTPUT tree. */
    public static Baseline load(Path workingDirectory, String directory) {
        Path path = workingDirectory.toAbsolutePath().resolve(directory).normalize();
        Map<String, Entry> entries = new HashMap<>();
        boolean suite = ResultsLoader.isSuite(path);
        if (suite) {
            for (LoadedTests.Loaded loaded : new SuiteLoader(workingDirectory)
                    .load(java.util.List.of(directory))
                    .tests()) {
                TestCase test = loaded.test();
                entries.putIfAbsent(test.name(), new Entry(test.name(), Optional.of(test), test.outputDirectory()));
            }
        } else {
            ResultsLoader.outputTree(path)
                    .forEach((name, output) -> entries.put(name, new Entry(name, Optional.empty(), output)));
        }
        return new Baseline(path, entries, !suite);
    }

    public Path directory() {
        return directory;
    }

    /**
     * The test's baseline; empty when a suite baseline does not have the test (absent). An
     * OUTPUT tree stands for the current suite's tests, as in kvmresults.py: a test without a
     * directory in it is there, untested.
     */
    public Optional<Entry> get(String testName) {
        Entry entry = entries.get(testName);
        if (entry == null && tree) {
            entry = new Entry(testName, Optional.empty(), directory.resolve(testName));
        }
        return Optional.ofNullable(entry);
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
