package dev.kvmrunner.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.judge.Result;
import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestOrderTest {
    @TempDir
    Path suite;

    private PlannedTest test(String name, Double lastRuntime) throws IOException {
        PlannedTest test =
                new PlannedTest(name, "kvmplutotest", "good", suite.resolve(name), name, List.of("east"), List.of());
        if (lastRuntime != null) {
            Files.createDirectories(test.outputDirectory());
            ResultFile.write(
                    test.outputDirectory(),
                    new TestRecord(
                            name,
                            "good",
                            Result.PASSED,
                            new TreeMap<>(),
                            List.of("east"),
                            Instant.now(),
                            Instant.now(),
                            0,
                            0,
                            lastRuntime));
        }
        return test;
    }

    @Test
    void longestFirstPutsUnknownTestsFirstThenTheSlowestAndKeepsTestlistOrderOnTies() throws IOException {
        PlannedTest quick = test("quick", 1.0);
        PlannedTest slow = test("slow", 30.0);
        PlannedTest fresh = test("fresh", null);
        PlannedTest alsoQuick = test("also-quick", 1.0);
        List<PlannedTest> tests = List.of(quick, slow, fresh, alsoQuick);

        assertThat(TestOrder.LONGEST.apply(tests)).containsExactly(fresh, slow, quick, alsoQuick);
        assertThat(TestOrder.TESTLIST.apply(tests)).containsExactly(quick, slow, fresh, alsoQuick);
    }
}
