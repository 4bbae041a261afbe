package dev.kvmrunner.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a run's event stream ({@code --events}) says about the run as a whole, for {@code bench
 * simulate}: when its first test started and its last test ended (the rest of the wall time is
 * start-up and shutdown, which the scheduler's replay does not cover), and whether the backend
 * shared first boots between groups.
 *
 * @param firstTestStart    run time of the first test-started event; 0 when there was none
 * @param lastTestEnd       run time of the last test-finished event; 0 when there was none
 * @param sharesFirstBoots  the run-finished event's {@code shares_first_boots}
 */
public record RunSpan(double firstTestStart, double lastTestEnd, boolean sharesFirstBoots) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Seconds from the first test's start to the last test's end. */
    public double testSeconds() {
        return Math.max(0, lastTestEnd - firstTestStart);
    }

    /** The span of the run whose events are in EVENTS; empty values when the file is missing. */
    public static RunSpan read(Path events) throws IOException {
        double first = Double.POSITIVE_INFINITY;
        double last = 0;
        boolean shares = false;
        if (Files.isRegularFile(events)) {
            try (BufferedReader reader = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    JsonNode event;
                    try {
                        event = JSON.readTree(line);
                    } catch (IOException e) {
                        continue; // a line cut by a killed run
                    }
                    double at = event.path("run_time").asDouble();
                    switch (event.path("event").asText()) {
                        case "test-started" -> first = Math.min(first, at);
                        case "test-finished" -> last = Math.max(last, at);
                        case "run-finished" ->
                            shares = event.path("shares_first_boots").asBoolean();
                        default -> {}
                    }
                }
            }
        }
        return new RunSpan(first == Double.POSITIVE_INFINITY ? 0 : first, last, shares);
    }
}
