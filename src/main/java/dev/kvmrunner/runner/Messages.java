package dev.kvmrunner.runner;

import java.time.Duration;

/** Publishes log messages for one prefix and (optionally) one test, with their times. */
final class Messages {
    private final EventBus events;
    private final Runner.RunClock clock;
    private final String prefix;
    private final String test;
    private final Long testStart;

    Messages(EventBus events, Runner.RunClock clock, String prefix, String test, Long testStartNanos) {
        this.events = events;
        this.clock = clock;
        this.prefix = prefix;
        this.test = test;
        this.testStart = testStartNanos;
    }

    Messages forTest(String testName) {
        return new Messages(events, clock, prefix, testName, System.nanoTime());
    }

    Duration testTime() {
        return testStart == null ? null : Duration.ofNanos(System.nanoTime() - testStart);
    }

    void debug(String text) {
        publish(RunEvent.Level.DEBUG, text);
    }

    void info(String text) {
        publish(RunEvent.Level.INFO, text);
    }

    void warning(String text) {
        publish(RunEvent.Level.WARNING, text);
    }

    void error(String text) {
        publish(RunEvent.Level.ERROR, text);
    }

    /** Publishes an event other than a message (it carries its own run time). */
    void publish(RunEvent event) {
        events.publish(event);
    }

    Duration runTime() {
        return clock.runTime();
    }

    private void publish(RunEvent.Level level, String text) {
        events.publish(new RunEvent.Message(clock.runTime(), level, prefix, test, testTime(), text));
    }
}
