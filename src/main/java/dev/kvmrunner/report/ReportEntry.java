package dev.kvmrunner.report;

import dev.kvmrunner.judge.Issue;
import dev.kvmrunner.judge.Issues;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.judge.Verdict;
import dev.kvmrunner.results.JudgedTest;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.runner.PlannedTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One test as the JUnit and HTML reports show it; made from a run's event (test and RESULT,
 * the rest read from OUTPUT) or from a verdict of the results command, so both commands share the
 * writers. Expected and actual output are kept only for hosts whose output differs.
 *
 * @param suite  the suite as displayed (the test directory's parent, e.g. {@code examples/basic})
 * @param issues the issues as libreswan prints them ({@code host:issue,issue ...}), "" for none
 * @param prefix the domain group the test ran on; empty when not known (the results command)
 * @param suiteDirectory the suite's directory (the test directory's parent): OUTPUT may be elsewhere
 *     ({@code --output-dir DIR} puts it in {@code DIR/<test>}), the suite is still the suite
 */
public record ReportEntry(
        String suite,
        String name,
        String status,
        Result result,
        String issues,
        List<HostReport> hosts,
        double bootTime,
        double scriptTime,
        double runtime,
        Optional<Instant> startTime,
        Path outputDirectory,
        Optional<String> prefix,
        Path suiteDirectory) {

    /** A test whose OUTPUT is in its test directory, as {@code <suite>/<test>/OUTPUT}, on no known prefix. */
    public ReportEntry(
            String suite,
            String name,
            String status,
            Result result,
            String issues,
            List<HostReport> hosts,
            double bootTime,
            double scriptTime,
            double runtime,
            Optional<Instant> startTime,
            Path outputDirectory) {
        this(
                suite,
                name,
                status,
                result,
                issues,
                hosts,
                bootTime,
                scriptTime,
                runtime,
                startTime,
                outputDirectory,
                Optional.empty(),
                grandparent(outputDirectory));
    }

    public ReportEntry {
        hosts = List.copyOf(hosts);
    }

    /**
     * One host of a test.
     *
     * @param issues     the host's issue labels
     * @param diff       the unified diff of expected and sanitized output; empty when they match
     * @param expected   the expected output, when the output differs
     * @param actual     the sanitized output, when the output differs
     * @param transcript the raw transcript ({@code <host>.console.verbose.txt})
     */
    public record HostReport(
            String host,
            List<String> issues,
            List<String> diff,
            Optional<String> expected,
            Optional<String> actual,
            Path transcript) {
        public HostReport {
            issues = List.copyOf(issues);
            diff = List.copyOf(diff);
        }
    }

    /** From a {@code results} verdict. */
    public static ReportEntry of(JudgedTest judged) {
        Verdict verdict = judged.verdict();
        Path output = judged.target().outputDirectory();
        Path testDirectory = judged.target().test().directory();
        List<HostReport> hosts = new ArrayList<>();
        for (String host : verdict.hosts()) {
            List<String> diff = verdict.diff(host);
            hosts.add(new HostReport(
                    host,
                    labels(verdict.issues(), host),
                    diff,
                    diff.isEmpty() ? Optional.empty() : read(testDirectory.resolve(host + ".console.txt")),
                    diff.isEmpty() ? Optional.empty() : verdict.sanitizedOutput(host),
                    output.resolve(host + ".console.verbose.txt")));
        }
        addPseudoHosts(verdict.issues(), verdict.hosts(), hosts, output);
        Optional<TestRecord> record = judged.record();
        return new ReportEntry(
                suiteOf(
                        judged.target().test().displayDirectory(),
                        judged.target().name()),
                judged.target().name(),
                judged.target().test().status(),
                verdict.result(),
                verdict.issues().toString(),
                hosts,
                record.map(TestRecord::bootTime).orElse(0.0),
                record.map(TestRecord::scriptTime).orElse(0.0),
                record.map(TestRecord::runtime).orElse(0.0),
                record.map(TestRecord::startTime),
                output,
                Optional.empty(),
                suiteDirectoryOf(testDirectory));
    }

    /** From a run: the test, its RESULT, and the diffs and sanitized output the judge saved in OUTPUT. */
    public static ReportEntry of(PlannedTest test, TestRecord record) {
        return of(test, record, Optional.empty());
    }

    /** From a run, on the domain group of PREFIX. */
    public static ReportEntry of(PlannedTest test, TestRecord record, Optional<String> prefix) {
        Path output = test.outputDirectory();
        List<HostReport> hosts = new ArrayList<>();
        for (String host : test.hosts()) {
            List<String> diff = read(output.resolve(host + ".console.diff"))
                    .map(ReportEntry::lines)
                    .orElse(List.of());
            hosts.add(new HostReport(
                    host,
                    record.issues().getOrDefault(host, List.of()),
                    diff,
                    diff.isEmpty() ? Optional.empty() : read(test.directory().resolve(host + ".console.txt")),
                    diff.isEmpty() ? Optional.empty() : read(output.resolve(host + ".console.txt")),
                    output.resolve(host + ".console.verbose.txt")));
        }
        for (Map.Entry<String, List<String>> other : record.issues().entrySet()) {
            if (!test.hosts().contains(other.getKey())) {
                hosts.add(new HostReport(
                        other.getKey(),
                        other.getValue(),
                        List.of(),
                        Optional.empty(),
                        Optional.empty(),
                        output.resolve(other.getKey() + ".console.verbose.txt")));
            }
        }
        return new ReportEntry(
                suiteOf(test.displayDirectory(), test.name()),
                test.name(),
                test.status(),
                record.result(),
                record.issuesText(),
                hosts,
                record.bootTime(),
                record.scriptTime(),
                record.runtime(),
                Optional.ofNullable(record.startTime()),
                output,
                prefix,
                suiteDirectoryOf(test.directory()));
    }

    /** Issues of hosts that are not the test's (the baseline pseudo host). */
    private static void addPseudoHosts(Issues issues, List<String> testHosts, List<HostReport> hosts, Path output) {
        for (String host : issues.hosts()) {
            if (!testHosts.contains(host)) {
                hosts.add(new HostReport(
                        host,
                        labels(issues, host),
                        List.of(),
                        Optional.empty(),
                        Optional.empty(),
                        output.resolve(host + ".console.verbose.txt")));
            }
        }
    }

    private static List<String> labels(Issues issues, String host) {
        List<String> labels = new ArrayList<>();
        for (Issue issue : issues.forHost(host)) {
            labels.add(issue.label());
        }
        return labels;
    }

    static String suiteOf(String displayDirectory, String name) {
        String suffix = "/" + name;
        return displayDirectory.endsWith(suffix)
                ? displayDirectory.substring(0, displayDirectory.length() - suffix.length())
                : displayDirectory;
    }

    /**
     * A wip test that did not pass: expected while the test is being worked on, so reports show
     * it apart from a regression (a good test that fails) and JUnit does not count it as failed.
     */
    public boolean wipFailure() {
        return status.equals("wip") && (result == Result.FAILED || result == Result.UNRESOLVED);
    }

    /** The suite of a test directory: its parent. */
    private static Path suiteDirectoryOf(Path testDirectory) {
        Path test = testDirectory.toAbsolutePath().normalize();
        return test.getParent() == null ? test : test.getParent();
    }

    /** The suite of an OUTPUT in its test directory: OUTPUT's test directory's parent. */
    private static Path grandparent(Path outputDirectory) {
        return suiteDirectoryOf(outputDirectory.toAbsolutePath().normalize().getParent());
    }

    /** The hosts that timed out, with the last lines their console showed. */
    public Map<String, List<String>> timeoutTails() {
        Map<String, List<String>> tails = new java.util.LinkedHashMap<>();
        for (HostReport host : hosts) {
            if (host.issues().contains(Issue.TIMEOUT.label())) {
                tails.put(host.host(), ConsoleTail.of(host.transcript()));
            }
        }
        return tails;
    }

    /** All diff lines of all hosts. */
    public List<String> diffLines() {
        List<String> lines = new ArrayList<>();
        for (HostReport host : hosts) {
            lines.addAll(host.diff());
        }
        return lines;
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
