package dev.kvmrunner.runner;

import dev.kvmrunner.judge.Verdict;
import java.io.IOException;
import java.nio.file.Path;

/** Judges what a test left in its OUTPUT directory (sanitize, diff, classify) and saves the artefacts. */
@FunctionalInterface
public interface TestJudge {
    Verdict judge(PlannedTest test, Path outputDirectory) throws IOException, InterruptedException;
}
