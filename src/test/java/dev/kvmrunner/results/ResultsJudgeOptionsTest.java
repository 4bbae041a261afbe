package dev.kvmrunner.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.judge.Judge;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verdicts come from the verdict cache only when nothing uses the sanitized output they do not
 * carry: not when it is saved (update), compared with a baseline's or put in reports.
 */
class ResultsJudgeOptionsTest {

    @TempDir
    Path baselineDirectory;

    private static ResultsJudge.Options options(boolean update, Optional<Baseline> baseline, boolean sanitizedOutput) {
        return new ResultsJudge.Options(1, false, update, baseline, Duration.ofSeconds(30), sanitizedOutput);
    }

    @Test
    void onlyAPlainJudgingKeepsVerdicts() {
        assertThat(options(false, Optional.empty(), false).caching()).isEqualTo(Judge.Caching.VERDICTS);
        assertThat(options(true, Optional.empty(), false).caching()).isEqualTo(Judge.Caching.SANITIZED);
        assertThat(options(false, Optional.empty(), true).caching()).isEqualTo(Judge.Caching.SANITIZED);
        Baseline baseline = Baseline.load(baselineDirectory, ".");
        assertThat(options(false, Optional.of(baseline), false).caching()).isEqualTo(Judge.Caching.SANITIZED);
        assertThat(new ResultsJudge.Options(1, false, false, Optional.empty(), Duration.ofSeconds(30)).caching())
                .as("callers that do not say: with the sanitized output")
                .isEqualTo(Judge.Caching.SANITIZED);
    }
}
