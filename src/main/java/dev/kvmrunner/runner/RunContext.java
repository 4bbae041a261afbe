package dev.kvmrunner.runner;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run's cancellation: one flag every worker checks between steps, plus the threads to
 * interrupt and the things (consoles, domains) to close so that blocked waits end at once.
 */
public final class RunContext {
    private volatile boolean cancelled;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Set<AutoCloseable> onCancel = ConcurrentHashMap.newKeySet();

    public boolean cancelled() {
        return cancelled;
    }

    /** Stops handing out tests, interrupts the workers and closes what they wait on. Idempotent. */
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        for (AutoCloseable closeable : onCancel) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing is best effort here; the workers' own clean-up follows
            }
        }
        threads.forEach(Thread::interrupt);
    }

    void register(Thread thread) {
        threads.add(thread);
    }

    void unregister(Thread thread) {
        threads.remove(thread);
    }

    /** Closes CLOSEABLE when the run is cancelled (at once, if it already is). */
    void closeOnCancel(AutoCloseable closeable) {
        onCancel.add(closeable);
        if (cancelled) {
            try {
                closeable.close();
            } catch (Exception e) {
                // best effort
            }
        }
    }

    void forget(AutoCloseable closeable) {
        onCancel.remove(closeable);
    }
}
