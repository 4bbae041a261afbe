package dev.kvmrunner.runner;

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
 */
final class BootPool implements AutoCloseable {
    private final ExecutorService executor;
    private final AtomicInteger pending = new AtomicInteger();
    private final int workers;

    BootPool(int workers) {
        this.workers = workers;
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "boot-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newFixedThreadPool(workers, factory);
    }

    int workers() {
        return workers;
    }

    /** Jobs submitted and not yet started. */
    int pending() {
        return pending.get();
    }

    <T> Future<T> submit(Callable<T> job) {
        pending.incrementAndGet();
        return executor.submit(() -> {
            pending.decrementAndGet();
            return job.call();
        });
    }

    /** Interrupts running jobs and waits briefly for the threads to end. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
