package dev.kvmrunner.results;

import dev.kvmrunner.judge.Verdict;
import java.util.Optional;

/**
 * A test as {@code results} judged it.
 *
 * @param target   the test and the output judged
 * @param verdict  the verdict, baseline issues included
 * @param record   the run's {@code RESULT} (times, expect), when there is one
 * @param baseline the test's entry in the baseline, when a baseline was given and has the test
 * @param error    why judging failed (the verdict is then unresolved), if it did
 * @param warning  why the RESULT file was ignored (unreadable, {@code null}, {@code {}}), if it was
 */
public record JudgedTest(
        ResultTarget target,
        Verdict verdict,
        Optional<TestRecord> record,
        Optional<Baseline.Entry> baseline,
        Optional<String> error,
        Optional<String> warning) {}
