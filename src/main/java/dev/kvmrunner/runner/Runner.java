package dev.kvmrunner.runner;

import dev.kvmrunner.admission.AdmissionController;
import dev.kvmrunner.admission.BootSample;
import dev.kvmrunner.admission.MachineRecord;
import dev.kvmrunner.admission.MemoryLimit;
import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.DomainGroup;
import dev.kvmrunner.domain.FileTrees;
import dev.kvmrunner.domain.GroupInstaller;
import dev.kvmrunner.load.Memory;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Executes a plan: one test worker per prefix takes the next test; all share one boot pool.
 * Everything the user sees comes out as events.
 */
public final class Runner {
    private final Plan plan;
    private final Backend backend;
    private final TestJudge judge;
    private final EventBus events;
    private final RunContext context;
    private final Path workRoot;
    private final MachineRecord machineRecord;

    /**
     * WORK_ROOT holds the domains' working directories for this run and is removed at the end.
     */
    public Runner(
            Plan plan,
            Backend backend,
            TestJudge judge,
            List<RunListener> listeners,
            RunContext context,
            Path workRoot,
            PrintStream errors) {
        this(plan, backend, judge, listeners, context, workRoot, errors, MachineRecord.standard());
    }

    /** MACHINE_RECORD holds what earlier runs learned about boot times, and learns this run's. */
    public Runner(
            Plan plan,
            Backend backend,
            TestJudge judge,
            List<RunListener> listeners,
            RunContext context,
            Path workRoot,
            PrintStream errors,
            MachineRecord machineRecord) {
        this.machineRecord = machineRecord;
        this.plan = plan;
        this.backend = backend;
        this.judge = judge;
        this.events = new EventBus(listeners, errors);
        this.context = context;
        this.workRoot = workRoot;
    }

    public Summary run() {
        RunClock clock = new RunClock();
        Summary summary = new Summary();
        events.publish(new RunEvent.RunStarted(clock.runTime(), plan, Instant.now()));
        Messages messages = new Messages(events, clock, "", null, null);
        MachineRecord.Entry learned = machineRecord.read(backend.costKey());
        // one boot pool per machine whose CPUs boot domains: all of them here, unless the backend puts groups elsewhere
        Map<String, List<String>> machines = new LinkedHashMap<>();
        plan.prefixes()
                .forEach(prefix -> machines.computeIfAbsent(backend.machineOf(prefix), m -> new ArrayList<>())
                        .add(prefix));
        String where = machines.size() == 1 ? "" : " on each of " + machines.size() + " machines";
        // --prefixes auto keeps to the groups whose domains fit in memory; fixed prefixes are only warned
        int memoryGroups = groupsMemoryAllows(messages, machines.size());
        int groupsCap = plan.adaptive().prefixes() ? memoryGroups : Integer.MAX_VALUE;
        // where admission starts, for the log: each machine's controller starts from the same figures
        AdmissionController.Settings start =
                admissionSettings(learned, Math.min(plan.prefixes().size(), groupsCap));
        if (plan.adaptive().workers()) {
            messages.info("using an adaptive pool of " + start.boots() + " to " + plan.maxWorkers()
                    + " worker threads to reboot domains" + where + " (--workers auto"
                    + (learned.boots() > 0 ? ", starting where the last run settled" : "") + ")");
        } else {
            messages.info(
                    plan.workers() == 1
                            ? "using 1 worker thread to reboot domains" + where
                            : "using a pool of " + plan.workers() + " worker threads to reboot domains" + where);
        }
        if (plan.parallel()) {
            int active = start.groups();
            messages.info("using the parallel test processor and domain prefixes "
                    + plan.prefixes().stream().map(p -> "'" + p + "'").collect(Collectors.joining(", ", "[", "]"))
                    + (plan.adaptive().prefixes() ? "; " + active + " of them active at first (--prefixes auto)" : ""));
        } else {
            messages.info("using the serial test processor and domain prefix '"
                    + plan.prefixes().get(0) + "'");
        }
        if (machines.size() > 1) {
            machines.forEach((machine, prefixes) -> messages.info("machine " + machine + ": domain prefixes "
                    + prefixes.stream().map(p -> "'" + p + "'").collect(Collectors.joining(", ", "[", "]"))));
        }
        double factor = backend.timeoutFactor();
        Timeouts timeouts = plan.timeouts().withScale(plan.timeouts().scale() * factor);
        if (factor != 1.0) {
            messages.info("timeouts multiplied by " + factor + " for the " + backend.name()
                    + " backend (software emulation)");
        }
        String backupStamp =
                LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss"));
        TestQueue queue = queue(messages);
        Map<String, MachinePool> pools = new LinkedHashMap<>();
        machines.forEach((machine, prefixes) -> {
            AdmissionController controller =
                    new AdmissionController(admissionSettings(learned, Math.min(prefixes.size(), groupsCap)));
            Admission admission = new Admission(
                    controller,
                    messages,
                    queue::left,
                    plan.adaptive().workers() || plan.adaptive().prefixes(),
                    backend.bootsYieldToTests());
            pools.put(
                    machine,
                    new MachinePool(
                            controller,
                            admission,
                            new BootPool(plan.maxWorkers(), admission, backend.sharesFirstBoots())));
        });
        List<DomainGroup> groups = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<String> installedHere = new ArrayList<>();
        try {
            installMissingGroups(installedHere, messages);
            for (String prefix : plan.prefixes()) {
                DomainGroup group = new DomainGroup(prefix, backend, workRoot);
                groups.add(group);
                MachinePool machine = pools.get(backend.machineOf(prefix));
                TestWorker worker = new TestWorker(
                        prefix,
                        group,
                        queue,
                        machine.pool(),
                        plan,
                        judge,
                        events,
                        context,
                        clock,
                        summary,
                        backupStamp,
                        machine.admission(),
                        timeouts);
                Thread thread = new Thread(worker, prefix.isEmpty() ? "runner" : prefix + "runner");
                threads.add(thread);
                context.register(thread);
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                joinUninterruptibly(thread);
            }
        } finally {
            pools.values().forEach(machine -> machine.pool().close());
            pools.values().forEach(machine -> machine.admission().close());
            shutDownAll(groups, installedHere, messages);
            deleteRecursively(workRoot);
        }
        // what the run learned of this machine's boots (the first machine's, when groups were elsewhere too)
        record(pools.values().iterator().next().controller(), messages);
        machineRecord
                .updateScriptLoads(backend.costKey(), queue.measuredLoads())
                .ifPresent(messages::warning);
        if (context.cancelled()) {
            summary.markInterrupted();
            queue.remaining().forEach(t -> summary.addNotRun(t.name()));
        }
        events.publish(new RunEvent.RunFinished(
                clock.runTime(), summary, backend.describe(), backend.sharesFirstBoots(), context::cancelled));
        if (context.cancelled() && !summary.interrupted()) {
            summary.markInterrupted(); // a Ctrl-C while the reports were written: they stopped, the run exits 130
        }
        return summary;
    }

    /**
     * The run's tests in the plan's order; with auto and several groups, the tests that computed
     * in an earlier run are spread out (at most one per two cores at a time), said once.
     */
    private TestQueue queue(Messages messages) {
        boolean auto = plan.adaptive().workers() || plan.adaptive().prefixes();
        if (!auto || !plan.parallel()) {
            return new TestQueue(plan.tests());
        }
        java.util.Set<String> busy = TestQueue.busyTests(plan.tests(), machineRecord.scriptLoads(backend.costKey()));
        if (busy.isEmpty() || busy.size() == plan.tests().size()) {
            return new TestQueue(plan.tests()); // nothing to spread them among
        }
        int atOnce = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        messages.info(busy.size() + " of the tests computed in an earlier run (their guests kept a quarter of a core"
                + " or more busy while their scripts ran): " + String.join(" ", busy) + "; at most " + atOnce
                + " of them at a time, "
                + (backend.bootsYieldToTests()
                        ? "each ahead of the booting guests, which yield the CPU to running tests"
                        : "each with a core the boot pool leaves it (booting guests cannot yield the CPU here: "
                                + backend.whyBootsDoNotYield() + ")"));
        return new TestQueue(plan.tests(), busy, atOnce);
    }

    /**
     * How many groups' domains fit in this machine's memory ({@link MemoryLimit}), said in the log
     * where that holds {@code --prefixes auto} back or where fixed prefixes do not fit; no limit
     * where the backend's domains take little memory here or run on other machines.
     */
    private int groupsMemoryAllows(Messages messages, int machineCount) {
        java.util.OptionalLong domain = backend.domainMemoryMiB();
        java.util.OptionalLong available = Memory.availableMiB();
        if (domain.isEmpty() || available.isEmpty() || machineCount > 1 || !plan.parallel()) {
            return Integer.MAX_VALUE;
        }
        int domains = Math.max(
                1, plan.tests().stream().mapToInt(t -> t.hosts().size()).max().orElse(1));
        int fit = MemoryLimit.groups(available.getAsLong(), domain.getAsLong(), domains);
        int groups = plan.prefixes().size();
        if (fit >= groups) {
            return Integer.MAX_VALUE;
        }
        String groupSize = "up to " + domains + " domains of " + domain.getAsLong()
                + " MiB each (the guest's memory and " + backend.name() + "'s own)";
        if (plan.adaptive().prefixes()) {
            messages.info("--prefixes auto: at most " + fit + " of the " + groups + " groups active: a group runs "
                    + groupSize + ", and " + (fit == 1 ? "one such group fits" : fit + " such groups fit")
                    + " in 3/4 of the " + available.getAsLong()
                    + " MiB of memory available");
        } else {
            messages.warning(groups + " groups of " + groupSize + " need "
                    + (long) groups * domains * domain.getAsLong() + " MiB, more than 3/4 of the "
                    + available.getAsLong() + " MiB of memory available: guests may be killed for want of memory"
                    + " (--prefixes auto would keep to " + fit + " active)");
        }
        return fit;
    }

    /** A machine's boot pool and the admission that sizes it. */
    private record MachinePool(AdmissionController controller, Admission admission, BootPool pool) {}

    /**
     * Where a machine's admission starts, for GROUPS_ALLOWED groups: fixed limits, or for auto what earlier
     * runs on this machine learned.
     */
    private AdmissionController.Settings admissionSettings(MachineRecord.Entry learned, int groupsAllowed) {
        int cores = Runtime.getRuntime().availableProcessors();
        int bootsStart = !plan.adaptive().workers()
                ? plan.workers()
                : learned.boots() > 0
                        ? Math.min(learned.boots(), plan.maxWorkers())
                        : AdmissionController.startingBoots(cores, plan.maxWorkers());
        int groupsStart = !plan.adaptive().prefixes()
                ? groupsAllowed
                : learned.groups() > 0
                        ? Math.min(groupsAllowed, learned.groups())
                        : AdmissionController.startingGroups(cores, groupsAllowed);
        return new AdmissionController.Settings(
                plan.adaptive().workers(),
                bootsStart,
                plan.maxWorkers(),
                plan.adaptive().prefixes(),
                groupsStart,
                groupsAllowed,
                learned.unloaded(),
                learned.alone());
    }

    /** Keeps the unloaded boot times, the boots that ran alone and where auto settled, for the next run here. */
    private void record(AdmissionController controller, Messages messages) {
        java.util.Map<BootSample.Kind, Double> unloaded = controller.unloaded();
        if (unloaded.isEmpty()) {
            return;
        }
        java.util.Map<BootSample.Kind, List<Double>> alone = controller.alone();
        int cores = Runtime.getRuntime().availableProcessors();
        machineRecord
                .update(
                        backend.costKey(),
                        old -> new MachineRecord.Entry(
                                unloaded.getOrDefault(BootSample.Kind.FIRST, old.firstBoot()),
                                unloaded.getOrDefault(BootSample.Kind.AGAIN, old.again()),
                                old.cpuPerBoot(),
                                plan.adaptive().workers() ? controller.settledBoots() : old.boots(),
                                plan.adaptive().prefixes() ? controller.settledGroups() : old.groups(),
                                cores,
                                alone.getOrDefault(BootSample.Kind.FIRST, old.aloneFirst()),
                                alone.getOrDefault(BootSample.Kind.AGAIN, old.aloneAgain())))
                .ifPresent(messages::warning);
    }

    /**
     * A backend whose groups exist outside a run (namespaces, networks) gets the missing ones
     * installed; the run uninstalls exactly those at its end and leaves the others as it found them.
     */
    private void installMissingGroups(List<String> installedHere, Messages messages) {
        if (backend.groupInstaller().isEmpty()) {
            return;
        }
        GroupInstaller installer = backend.groupInstaller().get();
        for (String prefix : plan.prefixes()) {
            if (!installer.installed(prefix)) {
                messages.info("installing domain group '" + prefix + "' (" + backend.name()
                        + "); the run removes it at its end");
                try {
                    installer.install(prefix);
                } finally {
                    if (installer.installed(prefix)) {
                        installedHere.add(prefix); // removed at the end, even when installing failed half-way
                    }
                }
            }
        }
    }

    private void shutDownAll(List<DomainGroup> groups, List<String> installedHere, Messages messages) {
        List<Thread> closers = new ArrayList<>();
        for (DomainGroup group : groups) {
            Thread t = new Thread(group::close, "shutdown " + group.prefix());
            closers.add(t);
            t.start();
        }
        closers.forEach(Runner::joinUninterruptibly);
        if (backend.groupInstaller().isPresent()) {
            for (String prefix : installedHere) {
                try {
                    backend.groupInstaller().get().uninstall(prefix);
                    messages.info("uninstalled domain group '" + prefix + "'");
                } catch (RuntimeException e) {
                    messages.error("cannot uninstall domain group '" + prefix + "': " + e.getMessage()
                            + "; run: kvmrunner uninstall --prefix '" + prefix + "'");
                }
            }
        }
        backend.close();
        messages.info("all domains shut down");
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Removes ROOT; a leftover work directory is harmless and reported by nothing else. */
    static void deleteRecursively(Path root) {
        try {
            FileTrees.deleteRecursively(root);
        } catch (IOException e) {
            // see above
        }
    }

    /** Time since the run started. */
    static final class RunClock {
        private final long start = System.nanoTime();

        Duration runTime() {
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }
}
