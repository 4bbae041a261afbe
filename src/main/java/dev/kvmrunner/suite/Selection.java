package dev.kvmrunner.suite;

import java.util.ArrayList;
import java.util.List;

/**
 * The tests a command works on, in order, after filtering: what {@code list} prints and what the
 * runner plans from.
 *
 * @param tests    the selected tests
 * @param warnings problems to show the user (on stderr) that did not stop loading
 */
public record Selection(List<TestCase> tests, List<Problem> warnings) {

    public Selection {
        tests = List.copyOf(tests);
        warnings = List.copyOf(warnings);
    }

    /** The loaded tests that {@code filter} accepts, plus every test named by its directory. */
    public static Selection of(LoadedTests loaded, TestFilter filter) {
        List<TestCase> tests = new ArrayList<>();
        for (LoadedTests.Loaded candidate : loaded.tests()) {
            if (candidate.named() || filter.accepts(candidate.test())) {
                tests.add(candidate.test());
            }
        }
        return new Selection(tests, loaded.warnings());
    }
}
