package dev.kvmrunner.runner;

import dev.kvmrunner.judge.Issue;
import dev.kvmrunner.judge.Verdict;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The test worker's call into judging, safe against a cancel and a broken judge: an
 * interrupted test still gets its console.txt and diffs, and a judge that fails leaves the test
 * unresolved, not the run broken.
 */
final class Judging {
    private final TestJudge judge;
    private final RunContext context;
    private final Timeouts timeouts;

    Judging(TestJudge judge, RunContext context, Timeouts timeouts) {
        this.judge = judge;
        this.context = context;
        this.timeouts = timeouts;
    }

    /**
     * Judges the test, also when the run was cancelled. A cancel that lands during judging (it
     * interrupts this thread once) aborts that attempt; the judge runs again with the interrupt
     * cleared, which is quick because judging is bounded (see {@code Differ}), and after a cancel a
     * watchdog ends judging that still takes too long (a looping sanitizer); a second Ctrl-C exits
     * the JVM anyway. A judge that breaks (a full disk, a vanished OUTPUT) leaves the test
     * unresolved with runner-failed; a failing sanitizer is the judge's own verdict
     * (sanitizer-failed).
     */
    Verdict judge(PlannedTest test, Path output, Messages log) {
        Thread.interrupted(); // a cancel during the scripts must not abort judging
        Issue unjudged = Issue.RUNNER_FAILED;
        while (true) {
            // after a cancel, judging is bounded in time (a sanitizer may loop): Ctrl-C ends a run in seconds
            Thread watchdog =
                    context.cancelled() ? watchdog(Thread.currentThread(), timeouts.judgingAfterCancel()) : null;
            try {
                return judge.judge(test, output);
            } catch (IOException | RuntimeException e) {
                log.error("judging failed: " + e.getMessage());
                break;
            } catch (InterruptedException e) {
                if (watchdog != null || !context.cancelled()) {
                    log.error("judging interrupted"
                            + (watchdog != null
                                    ? " after " + timeouts.judgingAfterCancel().toSeconds()
                                            + " s: the run was cancelled"
                                    : ""));
                    unjudged = Issue.INTERRUPTED;
                    break;
                }
                log.info("run cancelled while judging; judging once more to save the output");
            } finally {
                if (watchdog != null) {
                    watchdog.interrupt();
                }
                if (context.cancelled()) {
                    Thread.interrupted(); // the cancel's (or a late watchdog's) interrupt is handled here
                }
            }
        }
        Verdict.Builder verdict = Verdict.builder(test.hosts()).passed().unresolved();
        Issue issue = unjudged;
        test.hosts().forEach(host -> verdict.issue(host, issue));
        return verdict.build();
    }

    /** A daemon that interrupts WORKER after LIMIT unless it is interrupted first. */
    private static Thread watchdog(Thread worker, Duration limit) {
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep(limit.toMillis());
                        worker.interrupt();
                    } catch (InterruptedException e) {
                        // judging finished in time
                    }
                },
                "judging watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }
}
