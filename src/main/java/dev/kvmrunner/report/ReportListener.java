package dev.kvmrunner.report;

import dev.kvmrunner.runner.RunEvent;
import dev.kvmrunner.runner.RunListener;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code run --junit FILE --html DIR}: collects each finished test (skipped ones with their
 * earlier RESULT) and writes the reports when the run finishes, with the same writers
 * {@code results} uses.
 */
public final class ReportListener implements RunListener {
    private final Optional<Path> junit;
    private final Optional<Path> html;
    private final PrintStream out;
    private final List<ReportEntry> entries = new ArrayList<>();
    private dev.kvmrunner.runner.Plan plan;

    public ReportListener(Optional<Path> junit, Optional<Path> html, PrintStream out) {
        this.junit = junit;
        this.html = html;
        this.out = out;
    }

    @Override
    public void on(RunEvent event) {
        if (event instanceof RunEvent.TestFinished finished) {
            entries.add(ReportEntry.of(finished.test(), finished.record(), Optional.of(finished.prefix())));
        } else if (event instanceof RunEvent.RunStarted started) {
            plan = started.plan();
        } else if (event instanceof RunEvent.RunFinished done) {
            ReportStop stop = ReportStop.from(done.stopRequested());
            try {
                if (junit.isPresent()) {
                    stop.check();
                    JunitReport.write(entries, junit.get());
                    out.println("JUnit XML: " + junit.get());
                }
                if (html.isPresent()) {
                    RunInfo info = plan == null
                            ? RunInfo.of(entries)
                            : RunInfo.ofRun(
                                    entries,
                                    plan.backend(),
                                    plan.prefixes(),
                                    plan.workers(),
                                    done.runTime(),
                                    done.backendSettings());
                    out.println("HTML report: " + HtmlReport.write(entries, html.get(), "kvmrunner run", info, stop));
                }
            } catch (java.io.InterruptedIOException e) {
                out.println("kvmrunner: interrupted while writing the reports: the rest not written");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the report", e);
            }
        }
    }
}
