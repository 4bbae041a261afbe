package dev.kvmrunner.results;

import dev.kvmrunner.judge.Differ;
import dev.kvmrunner.judge.Issue;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.judge.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Adds baseline issues to a verdict, following libreswan's post.py {@code mortem()}: the
 * interesting cases are a regression or a progression, and a test failing differently from
 * its baseline; a test failing the same way as its baseline adds nothing.
 * <ol>
 * <li>an untested test gets nothing;</li>
 * <li>not in the baseline: {@code baseline:absent};</li>
 * <li>a baseline that is untested or unresolved: {@code baseline:untested} or
 *     {@code baseline:unresolved} (libreswan records the result word itself; see
 *     {@link Issue#BASELINE_UNTESTED});</li>
 * <li>both passed: nothing;</li>
 * <li>per host of the test: no sanitized output here: baseline-failed or baseline-passed after
 *     the baseline host's diff, when the baseline has output; no output in the baseline:
 *     baseline-missing; no diff here: baseline-failed when the baseline had one; a diff here
 *     and none in the baseline: baseline-passed; both differ from the expected output and
 *     from each other: baseline-whitespace or baseline-different.</li>
 * </ol>
 * Issues only: the result is never changed.
 */
public final class BaselineComparison {

    /** The issues after which {@code results} prints a test even when its baseline outcome is the same. */
    private static final Set<Issue> CHANGED = Set.of(Issue.BASELINE_FAILED, Issue.BASELINE_PASSED);

    private BaselineComparison() {}

    /**
     * @param hosts    the test's hosts
     * @param current  the test's verdict
     * @param baseline the baseline's verdict (judged quick, from its saved sanitized output),
     *                 empty when the test is not in the baseline
     */
    public static Verdict compare(List<String> hosts, Verdict current, Optional<Verdict> baseline) {
        if (!current.result().attempted()) {
            return current;
        }
        Verdict.Builder amended = current.toBuilder();
        if (baseline.isEmpty()) {
            return amended.issue(Issue.BASELINE_HOST, Issue.ABSENT).build();
        }
        Verdict base = baseline.get();
        if (base.result() == Result.UNTESTED) {
            return amended.issue(Issue.BASELINE_HOST, Issue.BASELINE_UNTESTED).build();
        }
        if (base.result() == Result.UNRESOLVED) {
            return amended.issue(Issue.BASELINE_HOST, Issue.BASELINE_UNRESOLVED).build();
        }
        if (current.result() == Result.PASSED && base.result() == Result.PASSED) {
            return current;
        }
        for (String host : hosts) {
            Optional<String> output = current.sanitizedOutput(host);
            Optional<String> baseOutput = base.sanitizedOutput(host);
            boolean differs = !current.diff(host).isEmpty();
            boolean baseDiffers = !base.diff(host).isEmpty();
            if (output.isEmpty()) {
                if (baseOutput.isPresent()) {
                    amended.issue(host, baseDiffers ? Issue.BASELINE_FAILED : Issue.BASELINE_PASSED);
                }
            } else if (baseOutput.isEmpty()) {
                amended.issue(host, Issue.BASELINE_MISSING);
            } else if (!differs) {
                if (baseDiffers) {
                    amended.issue(host, Issue.BASELINE_FAILED);
                }
            } else if (!baseDiffers) {
                amended.issue(host, Issue.BASELINE_PASSED);
            } else if (!Differ.unifiedDiff("BASELINE", baseOutput.get(), "OUTPUT", output.get())
                    .isEmpty()) {
                amended.issue(
                        host,
                        Differ.equalIgnoringWhitespace(baseOutput.get(), output.get())
                                ? Issue.BASELINE_WHITESPACE
                                : Issue.BASELINE_DIFFERENT);
            }
        }
        return amended.build();
    }

    /**
     * libreswan's rule for what {@code results --baseline} prints: a test that crashed, or
     * whose outcome differs from the baseline's (baseline-failed, baseline-passed). A test
     * failing differently from its baseline (baseline-different) is not printed.
     */
    public static boolean outcomeChanged(Verdict verdict) {
        for (String host : verdict.issues().hosts()) {
            for (Issue issue : verdict.issues().forHost(host)) {
                if (issue.crashed() || CHANGED.contains(issue)) {
                    return true;
                }
            }
        }
        return false;
    }
}
