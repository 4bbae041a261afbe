package dev.kvmrunner.suite;

import java.util.List;

/**
 * The tests the command line names, before filtering, in command-line and TESTLIST order.
 *
 * @param tests    the tests
 * @param warnings problems that do not stop loading (duplicate TESTLIST names); the caller
 *                 shows them
 */
public record LoadedTests(List<Loaded> tests, List<Problem> warnings) {

    public LoadedTests {
        tests = List.copyOf(tests);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param test  the test
     * @param named true when the command line named the test's directory itself; such a test is
     *              always selected, whatever the filters say
     */
    public record Loaded(TestCase test, boolean named) {}
}
