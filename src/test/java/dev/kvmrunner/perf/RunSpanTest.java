package dev.kvmrunner.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What bench simulate reads from a point's event stream about the run as a whole. */
class RunSpanTest {
    @TempDir
    Path dir;

    @Test
    void theTestsSpanFromTheFirstStartToTheLastEndAndTheRunSaysWhetherItSharedFirstBoots() throws IOException {
        Path events = dir.resolve("events.jsonl");
        Files.write(
                events,
                List.of(
                        "{\"event\":\"run-started\",\"run_time\":0.0}",
                        "{\"event\":\"test-started\",\"run_time\":0.4,\"test\":\"a\"}",
                        "{\"event\":\"test-started\",\"run_time\":0.3,\"test\":\"b\"}",
                        "{\"event\":\"test-finished\",\"run_time\":12.5,\"test\":\"b\"}",
                        "{\"event\":\"test-finished\",\"run_time\":10.0,\"test\":\"a\"}",
                        "{\"event\":\"run-finished\",\"run_time\":13.0,\"shares_first_boots\":true}",
                        "{\"event\":\"test-fin"));
        RunSpan span = RunSpan.read(events);
        assertThat(span.testSeconds()).isCloseTo(12.2, within(1e-9));
        assertThat(span.sharesFirstBoots()).isTrue();
    }

    @Test
    void aMissingStreamSpansNothing() throws IOException {
        RunSpan span = RunSpan.read(dir.resolve("none.jsonl"));
        assertThat(span.testSeconds()).isZero();
        assertThat(span.sharesFirstBoots()).isFalse();
    }
}
