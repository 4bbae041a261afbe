package dev.kvmrunner.runner;

/**
 * Receives the runner's events. Called from the runner's threads, one event at a time and in
 * order; a listener that throws is reported once and does not break the run.
 */
@FunctionalInterface
public interface RunListener {
    void on(RunEvent event);
}
