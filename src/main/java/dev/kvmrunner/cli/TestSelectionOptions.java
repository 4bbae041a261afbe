package dev.kvmrunner.cli;

import dev.kvmrunner.suite.Selection;
import dev.kvmrunner.suite.SuiteLoader;
import dev.kvmrunner.suite.TestFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which tests a command works on: the suites or tests named, filtered. Shared by list and run. */
public final class TestSelectionOptions {

    @Option(
            names = "--test-kind",
            paramLabel = "REGEX",
            description =
                    "Select tests whose kind contains a match of REGEX (default: ${DEFAULT-VALUE}); '' selects all.",
            defaultValue = TestFilter.DEFAULT_KIND)
    String testKind;

    @Option(
            names = "--test-status",
            paramLabel = "REGEX",
            description =
                    "Select tests whose status contains a match of REGEX (default: ${DEFAULT-VALUE}); '' selects all.",
            defaultValue = TestFilter.DEFAULT_STATUS)
    String testStatus;

    @Option(
            names = "--test-name",
            paramLabel = "REGEX",
            description = "Select tests whose name contains a match of REGEX (default: all).",
            defaultValue = "")
    String testName;

    @Parameters(
            paramLabel = "SUITE|TESTLIST|TEST",
            arity = "0..*",
            description = "A suite directory, a TESTLIST file or a test directory (default: the current directory). "
                    + "A test named by its directory is always selected.")
    List<String> paths = new ArrayList<>();

    /**
     * Loads the named suites and tests and filters them.
     *
     * @throws dev.kvmrunner.config.BadInputException for a bad expression, path or TESTLIST
     */
    public Selection select() {
        return select(Path.of("").toAbsolutePath());
    }

    /** As {@link #select()}, with relative paths starting at {@code workingDirectory}. */
    public Selection select(Path workingDirectory) {
        TestFilter filter = TestFilter.of(testKind, testStatus, testName);
        return Selection.of(new SuiteLoader(workingDirectory).load(paths), filter);
    }
}
