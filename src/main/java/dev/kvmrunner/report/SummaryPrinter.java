package dev.kvmrunner.report;

import dev.kvmrunner.judge.Result;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.runner.RunEvent;
import dev.kvmrunner.runner.RunListener;
import dev.kvmrunner.runner.Summary;
import java.io.PrintStream;

/** At the end of a run: counts per result, then every test that did not pass and why. */
public final class SummaryPrinter implements RunListener {
    private final PrintStream out;

    public SummaryPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void on(RunEvent event) {
        if (event instanceof RunEvent.RunFinished finished) {
            print(finished.summary(), finished);
        }
    }

    private void print(Summary summary, RunEvent.RunFinished finished) {
        out.println("Summary:" + (summary.interrupted() ? " (interrupted)" : ""));
        out.printf("  ran %d tests in %s%n", summary.ran(), Durations.format(finished.runTime()));
        for (Result result : Result.values()) {
            if (result != Result.UNTESTED || summary.count(result) > 0) {
                out.printf("  %s: %d%n", result, summary.count(result));
            }
        }
        if (summary.skipped() > 0) {
            out.printf("  skipped: %d%n", summary.skipped());
        }
        if (!summary.notRun().isEmpty()) {
            out.printf("  not run: %d%n", summary.notRun().size());
        }
        if (!summary.notPassed().isEmpty()) {
            out.println("Tests that did not pass:");
            for (TestRecord record : summary.notPassed()) {
                String issues = record.issuesText();
                out.println("  " + record.testName() + " " + record.result() + (issues.isEmpty() ? "" : " " + issues));
            }
        }
        if (!summary.notRun().isEmpty()) {
            out.println("Tests not run (interrupted): " + String.join(" ", summary.notRun()));
        }
        out.flush();
    }
}
