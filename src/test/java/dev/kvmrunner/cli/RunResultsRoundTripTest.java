package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.judge.Markers;
import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.testing.RequiresTools;
import dev.kvmrunner.testing.Slow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the example suite once (on the process backend; the 10-second timeout test left out),
 * then checks that {@code results} agrees with the run, and that both commands' JUnit XML is
 * valid against the JUnit schema.
 */
@Slow
@RequiresTools({"perl"}) // examples/basic sanitizes process ids with a perl script
class RunResultsRoundTripTest {
    static final String SELECT_STATUS = "good|wip";
    static final String SELECT_NAME = "^(?!wip-timeout)";

    @TempDir
    static Path root;

    static Path suite;
    static int runExit;
    static String runOut;

    @BeforeAll
    static void run() throws IOException {
        suite = root.resolve("basic");
        copy(Path.of("examples/basic"), suite, false);
        StringWriter out = new StringWriter();
        runExit = Main.execute(
                new PrintWriter(out),
                new PrintWriter(new StringWriter()),
                "run",
                "--test-status",
                SELECT_STATUS,
                "--test-name",
                SELECT_NAME,
                "--junit",
                root.resolve("run.xml").toString(),
                "--html",
                root.resolve("html").toString(),
                suite.toString());
        runOut = out.toString();
    }

    static void copy(Path from, Path to, boolean withOutput) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (withOutput || !from.relativize(file).toString().contains("OUTPUT")) {
                    Files.copy(file, target);
                }
            }
        }
    }

    /** results on the run's tests with ARGS. */
    private static String results(int expectedExit, String... args) {
        List<String> all = new ArrayList<>(List.of("--test-status", SELECT_STATUS, "--test-name", SELECT_NAME));
        all.addAll(List.of(args));
        return resultsWith(expectedExit, all.toArray(String[]::new));
    }

    private static String resultsWith(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        List<String> all = new ArrayList<>(List.of("results", "--stats", "none"));
        all.addAll(List.of(args));
        int exit = Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), all.toArray(String[]::new));
        assertThat(exit).as("results exit status").isEqualTo(expectedExit);
        return out.toString();
    }

    /** name result issues, from the RESULT files the run wrote. */
    private static List<String> runVerdicts() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(suite.resolve("TESTLIST"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 3 || line.startsWith("#") || fields[1].startsWith("wip-timeout")) {
                continue;
            }
            TestRecord record =
                    ResultFile.read(suite.resolve(fields[1]).resolve("OUTPUT")).orElseThrow();
            lines.add((record.testName() + " " + record.result() + " " + record.issuesText()).trim());
        }
        return lines;
    }

    @Test
    void resultsGivesTheRunsVerdicts() throws IOException {
        assertThat(runExit).isEqualTo(ExitCodes.NOT_ALL_PASSED);
        List<String> verdicts = runVerdicts();
        assertThat(verdicts)
                .hasSize(10)
                .contains("basic-01 passed", "wip-output-different-01 failed east:output-different");

        assertThat(results(1, "--print", "test-name,result,errors", suite.toString())
                        .lines())
                .containsExactlyElementsOf(verdicts);
        assertThat(results(1, "--quick", "--print", "test-name,result,errors", suite.toString())
                        .lines())
                .containsExactlyElementsOf(verdicts);
    }

    @Test
    void runJunitXmlIsValidAndCarriesTheDiff() throws Exception {
        Path xml = root.resolve("run.xml");
        validate(xml);
        String text = Files.readString(xml);
        // the failing wip test is skipped with the reason and its diff: no failure for CI to count
        assertThat(text)
                .contains("<testsuite name=")
                .contains("tests=\"10\" failures=\"0\" errors=\"0\" skipped=\"1\"")
                .contains("<testcase name=\"basic-01\"")
                .contains("<skipped message=\"wip test did not pass (expected): failed east:output-different\">")
                .contains("-the answer is 41\n+the answer is 42")
                // paths relative to the suite, so an archived report keeps them meaningful
                .contains("transcript east: basic-01/OUTPUT/east.console.verbose.txt")
                .doesNotContain("transcript east: /")
                .doesNotContain("output: /");
        assertThat(runOut).contains("JUnit XML: ").contains("HTML report: ");
        assertThat(root.resolve("html/index.html")).exists();
    }

    @Test
    void resultsJunitXmlIsValidWithErrorsAndSkips() throws Exception {
        // a copy of one test whose transcript lost its DONE marker: unresolved, an <error>
        Path other = root.resolve("other");
        copy(suite, other, true);
        Path transcript = other.resolve("basic-01/OUTPUT/east.console.verbose.txt");
        Files.writeString(transcript, Files.readString(transcript).replace(Markers.DONE, ""));
        Path xml = root.resolve("results.xml");

        String out = resultsWith(
                1,
                "--skip",
                "",
                "--test-status",
                "",
                "--print",
                "test-name,result,errors",
                "--junit",
                xml.toString(),
                other.toString());

        assertThat(out).contains("basic-01 unresolved east:output-truncated", "wip-timeout-01 untested");
        validate(xml);
        assertThat(Files.readString(xml))
                .contains("<error message=\"unresolved east:output-truncated\" type=\"output-truncated\"")
                .contains("<skipped message=\"untested\"");
    }

    static void validate(Path xml) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        Validator validator = factory.newSchema(RunResultsRoundTripTest.class.getResource("/junit.xsd"))
                .newValidator();
        validator.validate(new StreamSource(xml.toFile()));
    }
}
