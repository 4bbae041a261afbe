package dev.kvmrunner.perf;

import java.io.IOException;
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
    /** Seconds from the first test's start to the last test's end. */
    public double testSeconds() {
        return Math.max(0, lastTestEnd - firstTestStart);
    }

    /** The span of the run whose events are in EVENTS; empty values when the file is missing. */
    public static RunSpan read(Path events) throws IOException {
        double[] span = {Double.POSITIVE_INFINITY, 0};
        boolean[] shares = {false};
        EventLines.forEach(events, event -> {
            double at = event.path("run_time").asDouble();
            switch (event.path("event").asText()) {
                case "test-started" -> span[0] = Math.min(span[0], at);
                case "test-finished" -> span[1] = Math.max(span[1], at);
                case "run-finished" ->
                    shares[0] = event.path("shares_first_boots").asBoolean();
                default -> {}
            }
        });
        return new RunSpan(span[0] == Double.POSITIVE_INFINITY ? 0 : span[0], span[1], shares[0]);
    }
}
