package dev.kvmrunner.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which point a sweep calls best, and the best one a user could rely on. */
class SweepAnalysisTest {
    private static PointResult point(String workers, String prefixes, double wall, int failed) {
        return new PointResult(
                "w" + workers + "-p" + prefixes + "-boot-r1",
                workers,
                prefixes,
                "boot",
                1,
                wall,
                failed == 0 ? 0 : 1,
                "",
                10,
                10 - failed,
                Map.of(),
                2,
                3,
                3,
                3,
                3,
                3,
                0,
                0,
                0,
                Double.NaN,
                Double.NaN,
                Map.of("a", 1.0),
                Map.of(),
                Map.of("a", List.of("east", "west")),
                0,
                0,
                null);
    }

    private final SweepAnalysis analysis = new SweepAnalysis(
            List.of(
                    point("1", "1", 100, 1),
                    point("2", "2", 50, 0),
                    point("3", "2", 45, 1),
                    point("3", "3", 40, 3),
                    point("auto", "auto", 46, 0)),
            2,
            3);

    @Test
    void theBestPointWithoutMoreFailuresThanTheSerialOneSkipsFasterPointsThatFailedMore() {
        assertThat(analysis.best("boot").orElseThrow().wallSeconds()).isEqualTo(40);
        // the serial point failed 1: w3 p2 (1 failure) qualifies, w3 p3 (3) does not
        assertThat(analysis.bestWithoutExtraFailures("boot").orElseThrow().wallSeconds())
                .isEqualTo(45);
    }

    @Test
    void withoutASerialPointTheFewestFailuresAnyPointHadAreAllowed() {
        SweepAnalysis noSerial = new SweepAnalysis(List.of(point("2", "2", 50, 0), point("3", "3", 40, 3)), 2, 3);
        assertThat(noSerial.bestWithoutExtraFailures("boot").orElseThrow().wallSeconds())
                .isEqualTo(50);
    }

    @Test
    void theReportNamesBothPointsAndAutosRatioToEach() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Tables.print(analysis, "boot", 10, new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report)
                .contains("best fixed point: workers 3, prefixes 3: 0:40, 3 failures")
                .contains("best fixed point without more failures than the serial point: workers 3, prefixes 2: 0:45,"
                        + " 1 failures")
                .contains("time ratio to the best point 1.15 (1.02 to the best without more failures)");
    }

    @Test
    void whenTheFastestPointFailedNoMoreThereIsOneBestLine() {
        SweepAnalysis clean = new SweepAnalysis(
                List.of(point("1", "1", 100, 0), point("2", "2", 50, 0), point("auto", "auto", 55, 0)), 2, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Tables.print(clean, "boot", 10, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("best fixed point: workers 2, prefixes 2")
                .doesNotContain("without more failures");
    }
}
