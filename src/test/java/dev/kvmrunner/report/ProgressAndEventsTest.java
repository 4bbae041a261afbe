package dev.kvmrunner.report;

import static dev.kvmrunner.suite.Files2.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.runner.Plan;
import dev.kvmrunner.runner.PlannedTest;
import dev.kvmrunner.runner.RunEvent;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressAndEventsTest {
    @TempDir
    Path suite;

    private PlannedTest test(String name, Double previousRuntime) {
        Path dir = suite.resolve(name);
        if (previousRuntime != null) {
            write(
                    dir,
                    "OUTPUT/RESULT",
                    "{\"testname\":\"" + name + "\",\"result\":\"passed\",\"runtime\":" + previousRuntime + "}\n");
        }
        return new PlannedTest(name, "kvmplutotest", "good", dir, "suite/" + name, List.of("east"), List.of());
    }

    private static TestRecord record(String name, Result result) {
        return new TestRecord(
                name,
                "good",
                result,
                new java.util.TreeMap<>(),
                List.of("east"),
                Instant.EPOCH,
                Instant.EPOCH,
                1,
                2,
                3);
    }

    private static Duration s(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    @Test
    void progressCountsRunningTestsAndEstimatesFromEarlierRuntimes() {
        PlannedTest a = test("a-01", 10.0);
        PlannedTest b = test("b-02", 30.0);
        PlannedTest c = test("c-03", null); // unknown: the mean of the known, 20
        Plan plan = new Plan(
                List.of(a, b, c),
                List.of("a.", "b."),
                1,
                "process",
                new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0),
                Set.of());
        Progress progress = new Progress();

        progress.on(new RunEvent.RunStarted(s(0), plan, Instant.now()));
        assertThat(progress.eta(s(0))).isEqualTo(s(30)); // (10 + 30 + 20) / 2 prefixes
        progress.on(new RunEvent.TestStarted(s(0), "a.", a, 1, 3));
        progress.on(new RunEvent.TestStarted(s(0), "b.", b, 2, 3));
        assertThat(progress.eta(s(4))).isEqualTo(s(26)); // 8 seconds of work done by the two prefixes
        progress.on(new RunEvent.TestFinished(s(10), "a.", a, record("a-01", Result.FAILED), false, Double.NaN));

        assertThat(progress.line(s(10)))
                .isEqualTo("1/3 passed 0 failed 1 unresolved 0 | b. b-02 | 10.00 elapsed, ETA 20.00");
    }

    @Test
    void withoutEarlierRuntimesTheEtaIsUnknown() {
        PlannedTest a = test("a-01", null);
        Plan plan = new Plan(
                List.of(a),
                List.of(""),
                1,
                "process",
                new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0),
                Set.of());
        Progress progress = new Progress();
        progress.on(new RunEvent.RunStarted(s(0), plan, Instant.now()));
        progress.on(new RunEvent.TestStarted(s(0), "", a, 1, 1));

        assertThat(progress.line(s(1.5)))
                .isEqualTo("0/1 passed 0 failed 0 unresolved 0 | a-01 | 1.50 elapsed, ETA unknown");
    }

    @Test
    void eventStreamWritesOneJsonObjectPerEvent() throws Exception {
        PlannedTest a = test("a-01", null);
        Plan plan = new Plan(
                List.of(a),
                List.of(""),
                1,
                "process",
                new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0),
                Set.of());
        StringWriter out = new StringWriter();
        EventStream stream = new EventStream(out);

        stream.on(new RunEvent.RunStarted(s(0), plan, Instant.parse("2024-01-01T00:00:00Z")));
        stream.on(new RunEvent.Message(s(0.5), RunEvent.Level.WARNING, "a.", "a-01", s(0.25), "hello"));
        stream.on(new RunEvent.TestFinished(s(1), "a.", a, record("a-01", Result.PASSED), false, 0.4321));
        stream.on(new RunEvent.TestFinished(s(1), "a.", a, record("a-01", Result.PASSED), true, Double.NaN));

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(4);
        ObjectMapper json = new ObjectMapper();
        JsonNode started = json.readTree(lines.get(0));
        assertThat(started.get("event").asText()).isEqualTo("run-started");
        assertThat(started.get("tests").asInt()).isEqualTo(1);
        assertThat(started.get("at").asText()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(lines.get(1))
                .isEqualTo("{\"event\":\"message\",\"run_time\":0.5,\"level\":\"warning\",\"prefix\":\"a.\","
                        + "\"test\":\"a-01\",\"test_time\":0.25,\"text\":\"hello\"}");
        JsonNode finished = json.readTree(lines.get(2));
        assertThat(finished.get("record").get("result").asText()).isEqualTo("passed");
        assertThat(finished.get("record").get("runtime").asDouble()).isEqualTo(3.0);
        assertThat(finished.get("script_cpu_seconds").asDouble()).isEqualTo(0.43);
        assertThat(json.readTree(lines.get(3)).has("script_cpu_seconds"))
                .as("unknown where the backend cannot say")
                .isFalse();
    }
}
