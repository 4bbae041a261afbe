package dev.kvmrunner.suite;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.SuiteConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns command-line arguments into tests. Each argument is one of:
 * <ul>
 * <li>a suite directory: one holding {@code TESTLIST}, or (libreswan's fuzz) {@code pluto/TESTLIST}
 *     or {@code testing/pluto/TESTLIST}, so that {@code testing/} and a libreswan checkout work;</li>
 * <li>a TESTLIST file;</li>
 * <li>a test directory: it has {@code description.txt}, {@code eastinit.sh} or a script naming
 *     a host; its suite is the parent directory. As in libreswan it is a
 *     {@code kvmplutotest} whose status is {@code good}.</li>
 * </ul>
 * Every TESTLIST error of every argument is collected into one {@link BadInputException}.
 */
public final class SuiteLoader {

    static final String TESTLIST = "TESTLIST";
    static final String DEFAULT_KIND = "kvmplutotest";
    static final String DEFAULT_STATUS = "good";

    private static final Comparator<Problem> BY_LINE = new Comparator<>() {
        @Override
        public int compare(Problem a, Problem b) {
            return Integer.compare(a.line(), b.line());
        }
    };

    private final Path workingDirectory;
    private final Map<Path, Suite> suites = new HashMap<>();

    /** @param workingDirectory where relative arguments start, and what display paths are relative to */
    public SuiteLoader(Path workingDirectory) {
        try {
            // Python's os.getcwd() is the real path; display paths must be relative to the same thing.
            this.workingDirectory = workingDirectory.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads every argument; no argument means the working directory. */
    public LoadedTests load(List<String> arguments) {
        List<LoadedTests.Loaded> tests = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (String argument : arguments.isEmpty() ? List.of(".") : arguments) {
            loadArgument(argument, tests, problems);
        }
        StringBuilder errors = new StringBuilder();
        for (Problem problem : problems) {
            if (problem.error()) {
                errors.append(errors.length() > 0 ? "\n" : "").append(problem);
            }
        }
        if (errors.length() > 0) {
            throw new BadInputException(errors.toString());
        }
        return new LoadedTests(tests, problems);
    }

    private void loadArgument(String argument, List<LoadedTests.Loaded> tests, List<Problem> problems) {
        Path given = Path.of(argument);
        Path path = workingDirectory.resolve(given);
        if (Files.isRegularFile(path)) {
            loadTestList(given, path, tests, problems);
            return;
        }
        if (Files.isDirectory(path)) {
            for (Path candidate :
                    List.of(Path.of(TESTLIST), Path.of("pluto", TESTLIST), Path.of("testing", "pluto", TESTLIST))) {
                if (Files.isRegularFile(path.resolve(candidate))) {
                    loadTestList(given.resolve(candidate), path.resolve(candidate), tests, problems);
                    return;
                }
            }
            Optional<TestCase> test = testDirectory(path);
            if (test.isPresent()) {
                tests.add(new LoadedTests.Loaded(test.get(), true));
                return;
            }
        }
        throw new BadInputException(argument + ": not a suite, TESTLIST or test directory");
    }

    /** @param shown the TESTLIST as messages show it (as the user wrote it) */
    private void loadTestList(Path shown, Path file, List<LoadedTests.Loaded> tests, List<Problem> problems) {
        TestList testList = TestList.parse(shown, readLines(file));
        List<Problem> found = new ArrayList<>(testList.problems());
        Suite suite = suite(file.toAbsolutePath().getParent());
        for (TestListEntry entry : testList.entries()) {
            Optional<Path> directory = suite.testDirectory(entry.name());
            if (directory.isEmpty()) {
                found.add(Problem.error(
                        shown, entry.line(), "test directory not found: " + shown.resolveSibling(entry.name())));
                continue;
            }
            tests.add(new LoadedTests.Loaded(
                    suite.test(entry.kind(), entry.status(), entry.pr(), directory.get()), false));
        }
        // report in file order, as a compiler would
        found.sort(BY_LINE);
        problems.addAll(found);
    }

    private Optional<TestCase> testDirectory(Path path) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (real.getParent() == null) {
            return Optional.empty();
        }
        Suite suite = suite(real.getParent());
        TestCase test = suite.test(DEFAULT_KIND, DEFAULT_STATUS, Optional.empty(), real);
        boolean looksLikeTest = Files.exists(real.resolve("description.txt"))
                || Files.exists(real.resolve("eastinit.sh"))
                || !test.guests().isEmpty();
        return looksLikeTest ? Optional.of(test) : Optional.empty();
    }

    private Suite suite(Path directory) {
        Path real;
        try {
            real = directory.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Suite suite = suites.get(real);
        if (suite == null) {
            SuiteConfig config = SuiteConfig.load(real);
            suite = new Suite(real, config, LibreswanTree.catalog(config).rules());
            suites.put(real, suite);
        }
        return suite;
    }

    private static List<String> readLines(Path file) {
        try {
            return TextFiles.lines(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** A suite directory (real path) and what every test in it shares. */
    private final class Suite {
        private final Path directory;
        private final SuiteConfig config;
        private final ScriptRules rules;
        private final String displayDirectory;

        Suite(Path directory, SuiteConfig config, ScriptRules rules) {
            this.directory = directory;
            this.config = config;
            this.rules = rules;
            String relative = workingDirectory.relativize(directory).toString();
            this.displayDirectory = relative.isEmpty() ? "." : relative;
        }

        /** The real directory of test {@code name}, if it is a directory. One lstat unless it is a link. */
        Optional<Path> testDirectory(String name) {
            Path path = directory.resolve(name);
            try {
                BasicFileAttributes attributes =
                        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isDirectory()) {
                    return Optional.of(path);
                }
                if (attributes.isSymbolicLink() && Files.isDirectory(path)) {
                    return Optional.of(path.toRealPath());
                }
            } catch (IOException e) {
                // missing: reported by the caller
            }
            return Optional.empty();
        }

        /** @param real the test's real directory */
        TestCase test(String kind, String status, Optional<String> pr, Path real) {
            String name = real.getFileName().toString();
            // libreswan: join(relpath(dirname(realpath(test))), name)
            String parent = real.getParent().equals(directory) ? displayDirectory : displayOf(real.getParent());
            return new TestCase(
                    name,
                    kind,
                    status,
                    pr,
                    real,
                    parent.concat("/").concat(name),
                    config,
                    new TestScripts(real, rules),
                    directory);
        }

        private String displayOf(Path parent) {
            String relative = workingDirectory.relativize(parent).toString();
            return relative.isEmpty() ? "." : relative;
        }
    }
}
