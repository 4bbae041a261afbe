package dev.kvmrunner.runner;

import dev.kvmrunner.judge.Result;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Judges what a test left in its OUTPUT directory (sanitize, diff, classify). */
@FunctionalInterface
public interface TestJudge {
    /** The console verdict: a result and host → issue labels. Writes sanitized output and diffs. */
    ConsoleVerdict judge(PlannedTest test, Path outputDirectory);

    record ConsoleVerdict(Result result, Map<String, List<String>> issues) {
    }
}
