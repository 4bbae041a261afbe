package dev.kvmrunner.runner;

import dev.kvmrunner.admission.AdjustableLimit;
import dev.kvmrunner.admission.BootSample;
import dev.kvmrunner.domain.BootOutcome;
import dev.kvmrunner.timeouts.Timeouts;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool that boots, reboots and shuts down domains. Booting is CPU-heavy, so
 * its size (workers, KVM_WORKERS) is what keeps the machine from being overloaded; test
 * workers only wait on it. Keeps its own count of jobs not yet started.
 *
 * <p>The size is a limit on jobs running, not a thread count: with {@code --workers auto}
 * the admission controller moves it while jobs wait, between 1 and the plan's maximum.
 */
final class BootPool implements AutoCloseable {
    private final ExecutorService executor;
    private final AdjustableLimit slots;
    private final Admission admission;
    private final AtomicInteger pending = new AtomicInteger();

    BootPool(int maxWorkers, Admission admission) {
        this.slots = admission.bootSlots();
        this.admission = admission;
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "boot-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newFixedThreadPool(maxWorkers, factory);
    }

    /** The current size: how many jobs may run at once. */
    int workers() {
        return slots.limit();
    }

    /** Jobs submitted and not yet started. */
    int pending() {
        return pending.get();
    }

    /** A job that is not a boot (a shutdown): it takes a slot, and teaches the controller nothing. */
    <T> Future<T> submit(Callable<T> job) {
        pending.incrementAndGet();
        return executor.submit(() -> {
            slots.acquire();
            pending.decrementAndGet();
            try {
                return job.call();
            } finally {
                slots.release();
            }
        });
    }

    /**
     * A boot-and-login job, expected to be of KIND: its time, once the domain is ready, is what the
     * admission controller learns from (as a reset when the domain was restored, whatever KIND said).
     */
    Future<BootOutcome> submitBoot(BootSample.Kind kind, Callable<BootOutcome> job) {
        pending.incrementAndGet();
        return executor.submit(() -> {
            slots.acquire();
            pending.decrementAndGet();
            Admission.Ticket ticket = admission.bootStarting(kind);
            BootOutcome outcome = null;
            try {
                outcome = job.call();
                return outcome;
            } finally {
                slots.release();
                admission.bootFinished(ticket, outcome, pending.get());
            }
        });
    }

    /** Interrupts running jobs and waits briefly for the threads to end. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(Timeouts.DEFAULTS.kill().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
