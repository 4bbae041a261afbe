package dev.kvmrunner.results;

import dev.kvmrunner.judge.Result;
import dev.kvmrunner.report.HtmlReport;
import dev.kvmrunner.report.JunitReport;
import dev.kvmrunner.report.ReportEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code kvmrunner results} does once its arguments are parsed: judges the targets in
 * parallel, prints one line per test (only changed outcomes with a baseline), the statistics,
 * and the JUnit/HTML reports.
 */
public final class ResultsReport {
    /** How much statistics to print on stderr. */
    public enum Stats {
        details,
        summary,
        none
    }

    /**
     * @param skipped  results not printed
     * @param printed  when not empty, the only results printed
     * @param baseline the --baseline argument as given, for the message saying what was printed
     */
    public record Request(
            ResultPrinter printer,
            boolean json,
            Set<Result> skipped,
            Set<Result> printed,
            Optional<String> baseline,
            Stats stats,
            Optional<Path> junit,
            Optional<Path> html) {}

    /**
     * What the judging found, for the exit status.
     *
     * @param failures    judged (not skipped) tests that failed or are unresolved
     * @param regressions tests that passed in the baseline and fail now (see {@link Regression})
     * @param withOutput  tests that have an OUTPUT directory (0: nothing has run)
     */
    public record Outcome(int failures, List<String> regressions, int withOutput) {}

    private ResultsReport() {}

    /** Judges, prints and reports. */
    public static Outcome judgeAndPrint(
            List<ResultTarget> targets, ResultsJudge.Options options, Request request, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        ResultStats counts = new ResultStats();
        List<ReportEntry> entries = new ArrayList<>();
        int[] failures = {0};
        int[] shown = {0};
        int[] judged = {0};
        int[] withOutput = {0};
        List<String> regressions = new ArrayList<>();
        boolean reports = request.junit().isPresent() || request.html().isPresent();
        boolean withBaseline = options.baseline().isPresent();
        try (ResultsJudge judge = new ResultsJudge(options)) {
            judge.judgeAll(targets, judgedTest -> {
                ResultTarget target = judgedTest.target();
                judgedTest.warning().ifPresent(w -> err.println("kvmrunner: warning: " + w));
                if (java.nio.file.Files.isDirectory(target.outputDirectory())) {
                    withOutput[0]++;
                }
                if (withBaseline && Regression.of(judgedTest)) {
                    regressions.add(target.name());
                }
                judgedTest.error().ifPresent(e -> err.println("kvmrunner: error: " + e));
                Result result = judgedTest.verdict().result();
                if (request.skipped().contains(result)
                        || (!request.printed().isEmpty() && !request.printed().contains(result))) {
                    counts.addSkipped(target.name(), target.test().status(), judgedTest.verdict());
                    return;
                }
                counts.add(target.name(), target.test().status(), judgedTest.verdict());
                judged[0]++;
                if (result == Result.FAILED || result == Result.UNRESOLVED) {
                    failures[0]++;
                }
                if (reports) {
                    entries.add(ReportEntry.of(judgedTest));
                }
                if (withBaseline && !BaselineComparison.outcomeChanged(judgedTest.verdict())) {
                    return;
                }
                shown[0]++;
                String line = request.json()
                        ? request.printer().json(judgedTest)
                        : request.printer().text(judgedTest);
                if (!line.isEmpty()) {
                    out.println(line);
                    out.flush();
                }
            });
        }
        if (withBaseline) {
            err.println(
                    "kvmrunner: baseline " + request.baseline().orElse("") + ": printed " + shown[0] + " of "
                            + judged[0]
                            + " tests, those whose outcome differs from the baseline (baseline-passed, baseline-failed) or that crashed");
        }
        if (request.stats() == Stats.details) {
            counts.printDetails(err);
        }
        if (request.stats() != Stats.none) {
            counts.printSummary(err);
        }
        err.flush();
        writeReports(entries, request);
        regressions.sort(null);
        return new Outcome(failures[0], List.copyOf(regressions), withOutput[0]);
    }

    private static void writeReports(List<ReportEntry> entries, Request request) {
        try {
            if (request.junit().isPresent()) {
                JunitReport.write(entries, request.junit().get());
            }
            if (request.html().isPresent()) {
                HtmlReport.write(entries, request.html().get(), "kvmrunner results");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report", e);
        }
    }
}
