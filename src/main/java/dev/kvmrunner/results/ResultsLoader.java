package dev.kvmrunner.results;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.suite.LoadedTests;
import dev.kvmrunner.suite.Problem;
import dev.kvmrunner.suite.Selection;
import dev.kvmrunner.suite.SuiteLoader;
import dev.kvmrunner.suite.TestCase;
import dev.kvmrunner.suite.TestFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns {@code results} arguments into {@link ResultTarget}s, as kvmresults.py's
 * {@code load_testsuite_or_tests} does. Each argument is one of:
 * <ul>
 * <li>a suite, a TESTLIST or a test directory: each selected test with its own {@code OUTPUT/};</li>
 * <li>a test output directory ({@code <test>/OUTPUT}, or a saved copy such as
 *     {@code BACKUP/<stamp>/<test>} holding {@code RESULT}, {@code debug.log} or a
 *     {@code *.console.verbose.txt}): that output, judged against the test of the same name;</li>
 * <li>an OUTPUT tree: a directory whose sub-directories {@code <test>/OUTPUT} or
 *     {@code <test>/} are test output directories (a backup, a saved run); each is judged
 *     against the test of the same name.</li>
 * </ul>
 * The test of a saved output is the directory above {@code OUTPUT} when that is a test;
 * otherwise it is looked up by name in the {@code tests} suite ({@code --suite}), or in the
 * nearest directory above the argument holding a TESTLIST. With {@code --output-dir DIR} (as
 * {@code run} was given, for a suite that cannot be written) a test's output is {@code DIR/<test>}.
 */
public final class ResultsLoader {

    private static final List<Path> TESTLISTS =
            List.of(Path.of("TESTLIST"), Path.of("pluto", "TESTLIST"), Path.of("testing", "pluto", "TESTLIST"));

    private final Path workingDirectory;
    private final TestFilter filter;
    private final Optional<Path> tests;
    private final Optional<Path> outputs;
    private final SuiteLoader loader;
    private final Map<Path, Map<String, TestCase>> suitesByName = new HashMap<>();

    /**
     * @param workingDirectory where relative arguments start
     * @param filter           which tests of a suite or an OUTPUT tree to take
     * @param tests            the suite holding the tests of saved output (--suite), if given
     */
    public ResultsLoader(Path workingDirectory, TestFilter filter, Optional<Path> tests) {
        this(workingDirectory, filter, tests, Optional.empty());
    }

    /**
     * @param outputs where {@code run --output-dir DIR} wrote the output of a suite's tests ({@code DIR/<test>}),
     *                if it did: there, not in {@code <test>/OUTPUT}, are the outputs of the suites, TESTLISTs and
     *                test directories named
     */
    public ResultsLoader(Path workingDirectory, TestFilter filter, Optional<Path> tests, Optional<Path> outputs) {
        this.workingDirectory = workingDirectory.toAbsolutePath();
        this.filter = filter;
        this.tests = tests.map(this.workingDirectory::resolve);
        this.outputs = outputs.map(this.workingDirectory::resolve);
        this.loader = new SuiteLoader(workingDirectory);
    }

    /** What the arguments name (default: the working directory), in order, and warnings. */
    public Loaded load(List<String> arguments) {
        List<ResultTarget> targets = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String argument : arguments.isEmpty() ? List.of(".") : arguments) {
            loadArgument(argument, targets, warnings);
        }
        return new Loaded(targets, warnings);
    }

    /** The targets and the problems that did not stop loading. */
    public record Loaded(List<ResultTarget> targets, List<String> warnings) {
        public Loaded {
            targets = List.copyOf(targets);
            warnings = List.copyOf(warnings);
        }
    }

    private void loadArgument(String argument, List<ResultTarget> targets, List<String> warnings) {
        Path path = workingDirectory.resolve(argument).normalize();
        if (Files.isDirectory(path) && !isSuite(path) && !Files.isDirectory(path.resolve("OUTPUT"))) {
            if (isOutputDirectory(path)) {
                targets.add(savedOutput(argument, path));
                return;
            }
            Map<String, Path> tree = outputTree(path);
            if (!tree.isEmpty()) {
                Map<String, TestCase> suite = testsFor(argument, path);
                tree.forEach((name, output) -> {
                    TestCase test = suite.get(name);
                    if (test == null) {
                        warnings.add(argument + ": no test " + name + " for the saved output " + output);
                    } else if (filter.accepts(test)) {
                        targets.add(new ResultTarget(test, output, true));
                    }
                });
                return;
            }
        }
        Selection selection = Selection.of(loader.load(List.of(argument)), filter);
        for (Problem warning : selection.warnings()) {
            warnings.add(warning.toString());
        }
        for (TestCase test : selection.tests()) {
            targets.add(outputs.map(dir -> new ResultTarget(test, dir.resolve(test.name()), true))
                    .orElseGet(() -> ResultTarget.of(test)));
        }
    }

    private ResultTarget savedOutput(String argument, Path output) {
        Path parent = output.getParent();
        if (output.getFileName().toString().equals("OUTPUT") && parent != null && isTestDirectory(parent)) {
            LoadedTests loaded = loader.load(List.of(parent.toString()));
            return new ResultTarget(loaded.tests().get(0).test(), output, true);
        }
        String name = (output.getFileName().toString().equals("OUTPUT") && parent != null ? parent : output)
                .getFileName()
                .toString();
        TestCase test = testsFor(argument, output).get(name);
        if (test == null) {
            throw new BadInputException(argument + ": saved output of test " + name + ", which is not in the suite "
                    + suiteFor(argument, output));
        }
        return new ResultTarget(test, output, true);
    }

    /** The tests of the suite that saved output under DIRECTORY belongs to, by name. */
    private Map<String, TestCase> testsFor(String argument, Path directory) {
        Path suite = suiteFor(argument, directory);
        return suitesByName.computeIfAbsent(suite, s -> {
            Map<String, TestCase> byName = new HashMap<>();
            for (LoadedTests.Loaded loaded : loader.load(List.of(s.toString())).tests()) {
                byName.putIfAbsent(loaded.test().name(), loaded.test());
            }
            return byName;
        });
    }

    private Path suiteFor(String argument, Path directory) {
        if (tests.isPresent()) {
            return tests.get();
        }
        for (Path up = directory.getParent(); up != null; up = up.getParent()) {
            if (isSuite(up)) {
                return up;
            }
        }
        throw new BadInputException(
                argument + ": holds saved test output; name the suite its tests are in with --suite");
    }

    /** A directory with a TESTLIST (or pluto/TESTLIST, testing/pluto/TESTLIST). */
    static boolean isSuite(Path directory) {
        for (Path candidate : TESTLISTS) {
            if (Files.isRegularFile(directory.resolve(candidate))) {
                return true;
            }
        }
        return false;
    }

    /** libreswan's is_test_directory, plus a test named by its scripts. */
    private static boolean isTestDirectory(Path directory) {
        return Files.exists(directory.resolve("description.txt"))
                || Files.exists(directory.resolve("eastinit.sh"))
                || isSuite(directory.getParent() == null ? directory : directory.getParent());
    }

    /** Holds a run's output: RESULT, debug.log or a transcript. */
    public static boolean isOutputDirectory(Path directory) {
        if (Files.isRegularFile(directory.resolve(ResultFile.NAME))
                || Files.isRegularFile(directory.resolve("debug.log"))) {
            return true;
        }
        try (DirectoryStream<Path> transcripts = Files.newDirectoryStream(directory, "*.console.verbose.txt")) {
            return transcripts.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /** Test name → output directory of every {@code <test>/OUTPUT} or {@code <test>/} holding output, sorted. */
    static Map<String, Path> outputTree(Path directory) {
        Map<String, Path> tree = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return tree;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory, Files::isDirectory)) {
            for (Path child : children) {
                Path output = child.resolve("OUTPUT");
                if (Files.isDirectory(output) && isOutputDirectory(output)) {
                    tree.put(child.getFileName().toString(), output);
                } else if (isOutputDirectory(child)) {
                    tree.put(child.getFileName().toString(), child);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory, e);
        }
        return tree;
    }
}
