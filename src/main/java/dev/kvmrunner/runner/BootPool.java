package dev.kvmrunner.runner;

import dev.kvmrunner.admission.AdjustableLimit;
import dev.kvmrunner.admission.BootSample;
import dev.kvmrunner.domain.BootOutcome;
import dev.kvmrunner.timeouts.Timeouts;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
    /** Whether a host's later boots start from what its first boot prepared ({@code Backend.sharesFirstBoots()}). */
    private final boolean sharedFirstBoots;
    /** Hosts whose first boot succeeded: their boots need wait for nothing. */
    private final Set<String> prepared = ConcurrentHashMap.newKeySet();
    /** Per host, the first boot in flight: boots of the same host in other groups wait for it. */
    private final Map<String, CompletableFuture<Void>> firstBoots = new ConcurrentHashMap<>();

    BootPool(int maxWorkers, Admission admission, boolean sharedFirstBoots) {
        this.slots = admission.bootSlots();
        this.admission = admission;
        admission.watchWaiting(pending::get);
        this.sharedFirstBoots = sharedFirstBoots;
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
     * A boot-and-login job of a domain of HOST, expected to be of KIND: its time, once the domain is
     * ready, is what the admission controller learns from (as a reset when the domain was
     * restored, whatever KIND said). When the backend shares first boots, a boot of a host whose
     * first boot is running for another group is queued only once that one ends: it then starts
     * from what that boot prepared, instead of booting cold beside it.
     */
    Future<BootOutcome> submitBoot(BootSample.Kind kind, String host, Callable<BootOutcome> job) {
        if (!sharedFirstBoots || prepared.contains(host)) {
            return submitBoot(kind, job);
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> inFlight = firstBoots.putIfAbsent(host, mine);
        if (inFlight == null) {
            // this boot prepares the host; whatever its outcome, the boots waiting for it go on
            return submitBoot(kind, () -> {
                try {
                    BootOutcome outcome = job.call();
                    if (outcome instanceof BootOutcome.Ready) {
                        prepared.add(host);
                    }
                    return outcome;
                } finally {
                    firstBoots.remove(host, mine);
                    mine.complete(null);
                }
            });
        }
        // queued only once the first boot ends: waiting here holds neither a slot nor a pool thread,
        // and is not counted as pending (the admission controller grows the pool for boots waiting for a slot)
        WaitingBoot waiting = new WaitingBoot();
        inFlight.whenComplete((ignored, failure) -> {
            if (!waiting.isDone()) {
                try {
                    waiting.start(submitBoot(kind, host, () -> waiting.completedWith(job)));
                } catch (RuntimeException e) {
                    waiting.completeExceptionally(e); // the pool was closed meanwhile: the run ends
                }
            }
        });
        return waiting;
    }

    /**
     * A boot that waits for its host's first boot before it is queued. Cancelling it cancels (and
     * interrupts) the job once queued; the job completes it.
     */
    private static final class WaitingBoot extends CompletableFuture<BootOutcome> {
        private volatile Future<BootOutcome> queued;

        void start(Future<BootOutcome> job) {
            queued = job;
            if (isCancelled()) {
                job.cancel(true);
            }
        }

        BootOutcome completedWith(Callable<BootOutcome> job) throws Exception {
            try {
                BootOutcome outcome = job.call();
                complete(outcome);
                return outcome;
            } catch (Exception | Error e) {
                completeExceptionally(e);
                throw e;
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            Future<BootOutcome> job = queued;
            if (job != null) {
                job.cancel(mayInterruptIfRunning);
            }
            return super.cancel(mayInterruptIfRunning);
        }
    }

    private Future<BootOutcome> submitBoot(BootSample.Kind kind, Callable<BootOutcome> job) {
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
                // read before the slot is released: once released, a waiting job takes it, and a
                // count of 0 must mean that the slot stays free (the pool ran dry)
                int waiting = pending.get();
                // no longer counted before the slot is released: the job that takes the slot next
                // counts the boots beside it, and this one is not among them
                admission.bootEnded();
                slots.release();
                admission.bootFinished(ticket, outcome, waiting);
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
