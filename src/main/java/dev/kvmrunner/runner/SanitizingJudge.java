package dev.kvmrunner.runner;

import dev.kvmrunner.judge.Judge;
import dev.kvmrunner.judge.JudgeRequest;
import dev.kvmrunner.judge.Verdict;
import dev.kvmrunner.results.SavedOutput;
import java.io.IOException;
import java.nio.file.Path;

/** The runner's judging step: the shared {@link Judge}, then its sanitized output and diffs saved in OUTPUT. */
public final class SanitizingJudge implements TestJudge {
    private final Judge judge;

    public SanitizingJudge(Judge judge) {
        this.judge = judge;
    }

    @Override
    public Verdict judge(PlannedTest test, Path outputDirectory) throws IOException, InterruptedException {
        Verdict verdict = judge.judge(new JudgeRequest(
                test.name(), test.directory(), test.displayDirectory(), test.hosts(), outputDirectory, false));
        SavedOutput.save(verdict, outputDirectory);
        return verdict;
    }
}
