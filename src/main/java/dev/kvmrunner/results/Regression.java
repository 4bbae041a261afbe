package dev.kvmrunner.results;

import dev.kvmrunner.judge.Issue;
import dev.kvmrunner.judge.Result;

/**
 * A regression, for gating CI on {@code results --baseline}: the test passed in the baseline and
 * fails (or is unresolved) now. A test that failed in the baseline and still fails, in whatever
 * way, is no regression; neither is a test that is new or untested.
 */
final class Regression {
    private Regression() {}

    static boolean of(JudgedTest judged) {
        Result now = judged.verdict().result();
        if (now != Result.FAILED && now != Result.UNRESOLVED) {
            return false;
        }
        return judged.baseline()
                .map(entry -> ResultFile.read(entry.outputDirectory())
                        .map(record -> record.result() == Result.PASSED)
                        // a baseline without RESULT (an old tree): a host whose baseline output matched
                        .orElseGet(() -> judged.verdict().issues().hosts().stream()
                                .anyMatch(h ->
                                        judged.verdict().issues().forHost(h).contains(Issue.BASELINE_PASSED))))
                .orElse(false);
    }
}
