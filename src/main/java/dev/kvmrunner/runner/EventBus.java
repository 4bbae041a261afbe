package dev.kvmrunner.runner;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Delivers events to listeners in order; isolates the run from a listener that fails. */
final class EventBus {
    private final List<RunListener> listeners;
    private final PrintStream errors;
    private final Set<RunListener> broken = ConcurrentHashMap.newKeySet();

    EventBus(List<RunListener> listeners, PrintStream errors) {
        this.listeners = List.copyOf(listeners);
        this.errors = errors;
    }

    synchronized void publish(RunEvent event) {
        for (RunListener listener : listeners) {
            try {
                listener.on(event);
            } catch (RuntimeException e) {
                if (broken.add(listener)) {
                    errors.println("kvmrunner: listener " + listener.getClass().getSimpleName()
                            + " failed (ignored from now on): " + e);
                }
            }
        }
    }
}
