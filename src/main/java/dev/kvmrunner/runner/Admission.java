package dev.kvmrunner.runner;

import dev.kvmrunner.admission.AdjustableLimit;
import dev.kvmrunner.admission.AdmissionController;
import dev.kvmrunner.admission.BootSample;
import dev.kvmrunner.admission.Change;
import dev.kvmrunner.domain.BootOutcome;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.load.MachineLoad;
import dev.kvmrunner.load.OwnCpu;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The run's side of admission: feeds the controller what the boot pool and the test workers
 * see, applies its decisions to the two limits (boot slots, active groups), logs each change
 * with its reason, and scales command timeouts by the slowdown it measures.
 */
final class Admission implements AutoCloseable {
    /** The most the measured slowdown may stretch a timeout: beyond it a wait is a hang. */
    static final double MAX_LOAD_FACTOR = 4.0;
    /** The CPU sampler's window. */
    private static final long SAMPLE_SECONDS = 2;

    private final AdmissionController controller;
    private final AdjustableLimit bootSlots;
    private final AdjustableLimit groupSlots;
    private final Messages messages;
    private final IntSupplier testsLeft;
    private final AtomicInteger runningBoots = new AtomicInteger();
    private final OwnCpu ownCpu = new OwnCpu();
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final java.util.concurrent.ScheduledExecutorService sampler;
    /** Boot jobs waiting for a slot: the boot pool's count, once it exists. */
    private volatile IntSupplier waiting = () -> 0;
    /** The epoch the sampler last saw, and since when: a headroom window must lie wholly after a change. */
    private long epochSeen = -1;

    private long epochSeenSince;

    /** Whether booting domains yield the CPU to running tests' domains: then a busy test needs no boots held back. */
    private final boolean bootsYield;

    /**
     * ADAPTIVE: whether the limits may change, so that the run's CPU use must be sampled; BOOTS_YIELD:
     * {@code Backend.bootsYieldToTests()}.
     */
    Admission(
            AdmissionController controller,
            Messages messages,
            IntSupplier testsLeft,
            boolean adaptive,
            boolean bootsYield) {
        this.controller = controller;
        this.bootsYield = bootsYield;
        this.bootSlots = new AdjustableLimit(controller.boots());
        this.groupSlots = new AdjustableLimit(controller.groups());
        this.messages = messages;
        this.testsLeft = testsLeft;
        this.sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cpu-sampler");
            t.setDaemon(true);
            return t;
        });
        if (adaptive) {
            // a 2-second window: long enough to average a boot's bursts, short enough to follow them
            // never cancelled: the sampler is shut down with the run; OwnCpu.sample throws no checked exception
            java.util.concurrent.Future<?> unused =
                    sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** The boot pool says how many boot jobs wait for a slot. */
    void watchWaiting(IntSupplier waitingBoots) {
        this.waiting = waitingBoots;
    }

    private void sample() {
        ownCpu.sample();
        long now = System.nanoTime();
        long epoch = controller.epoch();
        if (epoch != epochSeen) {
            epochSeen = epoch;
            epochSeenSince = now;
            return;
        }
        // a fixed-rate task runs a little early now and then: a tenth of a second is still the window
        if (now - epochSeenSince >= java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(SAMPLE_SECONDS * 1000 - 100)) {
            decide(() -> controller.startingUp(runningBoots.get(), waiting.getAsInt(), headroom(), ownCpu.cores()));
        }
    }

    /** Cores left idle lately by the run's own process tree and by other work that is not niced. */
    double headroom() {
        return cores - ownCpu.cores() - ownCpu.others();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    AdmissionController controller() {
        return controller;
    }

    AdjustableLimit bootSlots() {
        return bootSlots;
    }

    AdjustableLimit groupSlots() {
        return groupSlots;
    }

    /** What a boot job knew when it started; START_UP: no boot of the run had finished yet. */
    record Ticket(BootSample.Kind kind, long epoch, int concurrency, long startNanos, boolean startUp) {}

    /** Whether some boot of the run has finished (successfully or not). */
    private volatile boolean aBootFinished;

    Ticket bootStarting(BootSample.Kind kind) {
        return new Ticket(kind, controller.epoch(), runningBoots.incrementAndGet(), System.nanoTime(), !aBootFinished);
    }

    /** A boot job's domain is up (or failed): it no longer counts among the running boots. */
    void bootEnded() {
        runningBoots.decrementAndGet();
    }

    /**
     * A boot job ended with OUTCOME (null when it threw), after {@link #bootEnded()}; a failed one says nothing about speed. A
     * domain restored from a snapshot counts as a reset even on its first boot of the run (another
     * group's shared snapshot), so that a restore never passes for the unloaded time of a cold boot.
     */
    void bootFinished(Ticket ticket, BootOutcome outcome, int waiting) {
        aBootFinished = true;
        double seconds = (System.nanoTime() - ticket.startNanos()) / 1e9;
        BootOutcome.Ready ready = outcome instanceof BootOutcome.Ready r ? r : null;
        boolean succeeded = ready != null;
        BootSample.Kind kind =
                succeeded && ready.start() == Domain.Start.RESTORED ? BootSample.Kind.AGAIN : ticket.kind();
        double cpu = succeeded ? ready.cpuSeconds().orElse(Double.NaN) : Double.NaN;
        int left = testsLeft.getAsInt();
        double idle = headroom();
        messages.publish(new RunEvent.BootFinished(
                messages.runTime(),
                kind.name().toLowerCase(Locale.ROOT),
                seconds,
                ticket.concurrency(),
                succeeded,
                cpu,
                waiting,
                left,
                idle,
                ticket.startUp()));
        if (!succeeded) {
            return;
        }
        decide(() -> controller.bootFinished(new BootSample(
                kind, seconds, ticket.concurrency(), ticket.epoch(), waiting, left, idle, ticket.startUp())));
    }

    /**
     * A command timed out: says whether the machine was overloaded then (for the log line),
     * and lets the controller shed load if it was.
     */
    String commandTimedOut() {
        boolean overloaded = controller.overloaded();
        String context = describeLoad(overloaded);
        decide(() -> controller.commandTimedOut(overloaded));
        return context;
    }

    /** "the machine was overloaded: boots took 2.1x their unloaded time; cpu pressure 80%, load 5.0 on 2 cores". */
    String describeLoad(boolean overloaded) {
        return String.format(
                Locale.ROOT,
                "the machine was %s: boots took %.1fx their unloaded time; %s",
                overloaded ? "overloaded" : "not overloaded",
                controller.slowdown(),
                MachineLoad.now().describe());
    }

    /**
     * The factor a command's timeout is stretched by now: the run's measured slowdown, between 1
     * and {@value #MAX_LOAD_FACTOR}, so that a loaded machine does not turn slow commands into
     * false timeouts.
     */
    double loadFactor() {
        return Math.max(1.0, Math.min(MAX_LOAD_FACTOR, controller.slowdown()));
    }

    Duration stretched(Duration timeout) {
        return Duration.ofNanos(Math.round(timeout.toNanos() * loadFactor()));
    }

    /** Boot places held back while a busy test's scripts run; closing gives them back. */
    interface Reservation extends AutoCloseable {
        Reservation NONE = () -> {};

        @Override
        void close();
    }

    /**
     * A busy test's scripts start (its guests computed in an earlier run): the boot pool holds
     * back the boots that would share the core it needs, so that its deadlines are not starved.
     * Of the pool's L boots on C cores, L x (C - 1) / C go on (at least one). (Keeping one boot
     * per core instead, which leaves the pool whole on 2 cores, cost three of the four deadline
     * tests of the snapshot auto run in the sweep of 2026-12-01, on a slow hour of the machine;
     * every guest in its own session, as they are, was not enough.) Where booting domains yield
     * the CPU to running ones (qemu as root), the busy test gets its core from the scheduler and
     * nothing is held back.
     */
    Reservation leaveACore(String test, Messages log) {
        if (bootsYield) {
            return Reservation.NONE;
        }
        int limit = bootSlots.limit();
        int keep = Math.max(1, (int) Math.floor(limit * (cores - 1) / (double) cores));
        int held = limit - keep;
        if (held <= 0) {
            return Reservation.NONE;
        }
        bootSlots.withhold(held);
        log.info("boot pool: " + limit + " -> " + keep + " workers while the scripts run (" + test
                + " computed in an earlier run: its guests kept a quarter of a core or more busy; it gets a core of "
                + cores + ")");
        return () -> bootSlots.restore(held);
    }

    /**
     * Asks the controller and applies its changes in one step: boot threads and the sampler decide
     * concurrently, and a pool limit set out of order would undo a later change.
     */
    private synchronized void decide(java.util.function.Supplier<List<Change>> decision) {
        for (Change change : decision.get()) {
            (change.what() == Change.What.BOOTS ? bootSlots : groupSlots).setLimit(change.to());
            messages.info(change.describe());
        }
    }
}
