package dev.kvmrunner.perf;

import dev.kvmrunner.admission.AdmissionController;
import dev.kvmrunner.admission.BootSample;
import dev.kvmrunner.admission.Change;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays a run on a virtual clock: the runner's scheduling (one central queue of tests in plan
 * order, one test worker per domain group taking the next test, a FIFO boot pool per machine
 * with its limit, the same {@link AdmissionController} for {@code auto}) over recorded boot costs
 * and test durations, on H machines of C cores. Predicts the makespan without running anything.
 *
 * <p>The machine model: a boot is CPU work (its unloaded time, in CPU-seconds); the boots
 * running on a machine share its cores equally (a boot gets at most one core), which is what
 * {@code bench boot} measures under TCG (four boots on two cores take twice as long as one).
 * Scripts and judging take the time they took when recorded. While a test's scripts run, its
 * guests keep the cores busy that they kept busy when recorded (its script CPU-seconds over its
 * script time; 0 where the backend could not tell), and they come first: booting guests yield
 * to them (qemu's boot priorities), so boots share what is left. Each boot also brings work that
 * is neither the boot nor a script (the runner's consoles, QEMU's start and exit in the kernel,
 * guests that wait logged in): {@code overheadPerBoot} CPU-seconds that share the cores with the
 * boots but hold nothing up. On a spare core it costs no time, as in a serial run; on a busy
 * machine it takes CPU from the boots.
 */
public final class Simulator {
    /**
     * A test as recorded: the hosts it boots, its scripts' time, the rest (console set-up,
     * judging), and the cores its guests keep busy while its scripts run (0: they only wait).
     */
    public record SimTest(
            String name, List<String> hosts, double scriptSeconds, double otherSeconds, double scriptCores) {
        /** A test whose scripts only wait. */
        public SimTest(String name, List<String> hosts, double scriptSeconds, double otherSeconds) {
            this(name, hosts, scriptSeconds, otherSeconds, 0);
        }
    }

    /**
     * @param machines      machines (libvirt hosts), each with its own boot pool and groups
     * @param cores         cores of each machine
     * @param groups        domain groups (prefixes) per machine
     * @param workers       boot pool size per machine; the start and ceiling when WORKERS_AUTO
     * @param workersAuto   whether the boot pool adapts as {@code --workers auto} does
     * @param maxWorkers    the ceiling of auto
     * @param firstBoot     CPU-seconds of a domain's first boot
     * @param again         CPU-seconds of a later boot or snapshot reset
     * @param sharedFirstBoots whether a host's domains in every group start from its first boot
     *                      ({@code Backend.sharesFirstBoots()}: qemu's shared snapshots): a host
     *                      boots cold once per machine, and its boots in other groups wait for
     *                      that boot and are then resets
     * @param runOverhead   seconds the run spends outside its tests: start-up (JVM, plan, groups)
     *                      and the end (shutting every domain down, reports)
     * @param overheadPerBoot CPU-seconds of work each boot brings besides itself and the scripts
     *                      (the class comment); 0 leaves it out
     */
    public record Machine(
            int machines,
            int cores,
            int groups,
            int workers,
            boolean workersAuto,
            int maxWorkers,
            double firstBoot,
            double again,
            boolean sharedFirstBoots,
            double runOverhead,
            double overheadPerBoot) {
        /** A machine whose groups boot their hosts apart, in a run without overhead. */
        public Machine(
                int machines,
                int cores,
                int groups,
                int workers,
                boolean workersAuto,
                int maxWorkers,
                double firstBoot,
                double again) {
            this(machines, cores, groups, workers, workersAuto, maxWorkers, firstBoot, again, false, 0, 0);
        }
    }

    /** The prediction. */
    public record Prediction(double makespan, int boots, double bootCpuSeconds) {}

    private final class Host {
        final Deque<Job> queue = new ArrayDeque<>();
        final List<Job> running = new ArrayList<>();
        /** The work boots brought besides themselves (overheadPerBoot): shares the cores, holds nothing up. */
        final List<Job> background = new ArrayList<>();

        final List<Group> groups = new ArrayList<>();
        final AdmissionController controller;
        /** Hosts (domain names without prefix) whose first boot ended, with shared first boots. */
        final Set<String> prepared = new HashSet<>();
        /** Per host whose first boot runs, the boots of other groups that wait for it. */
        final Map<String, List<Job>> waitingForFirst = new HashMap<>();

        int limit;

        Host() {
            this.controller = new AdmissionController(new AdmissionController.Settings(
                    machine.workersAuto(),
                    machine.workers(),
                    machine.workersAuto() ? machine.maxWorkers() : machine.workers(),
                    false,
                    1,
                    1,
                    Map.of()));
            this.limit = controller.boots();
        }

        /** The share of a core each boot and background job gets: what the tests' scripts leave, equally. */
        double rate() {
            int jobs = running.size() + background.size();
            if (jobs == 0) {
                return 0;
            }
            double scripts = 0;
            for (Group group : groups) {
                if (!Double.isNaN(group.scriptUntil)) {
                    scripts += group.test.scriptCores();
                }
            }
            return Math.min(1.0, Math.max(0, machine.cores() - scripts) / jobs);
        }

        List<Job> jobs() {
            List<Job> all = new ArrayList<>(running);
            all.addAll(background);
            return all;
        }
    }

    private static final class Job {
        final Group group;
        final String domainHost;
        final BootSample.Kind kind;
        double remaining;
        double started;
        int concurrency;
        long epoch;

        Job(Group group, String domainHost, BootSample.Kind kind, double work) {
            this.group = group;
            this.domainHost = domainHost;
            this.kind = kind;
            this.remaining = work;
        }
    }

    private static final class Group {
        final Host host;
        final Set<String> booted = new HashSet<>();
        SimTest test;
        int bootsLeft;
        double busyUntil = Double.NaN; // script and judging end
        double scriptUntil = Double.NaN; // while its scripts run

        Group(Host host) {
            this.host = host;
        }
    }

    private final Machine machine;
    private double now;
    private int next;
    private int boots;
    private double bootCpu;

    public Simulator(Machine machine) {
        this.machine = machine;
    }

    /** Runs TESTS (in the order the runner hands them out) and returns the predicted makespan. */
    public Prediction run(List<SimTest> tests) {
        now = 0;
        next = 0;
        boots = 0;
        bootCpu = 0;
        List<Host> hosts = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        for (int h = 0; h < machine.machines(); h++) {
            Host host = new Host();
            hosts.add(host);
            for (int g = 0; g < machine.groups(); g++) {
                Group group = new Group(host);
                groups.add(group);
                host.groups.add(group);
            }
        }
        // the runner starts its test workers in prefix order; each takes a test at once
        for (Group group : groups) {
            take(group, tests);
        }
        hosts.forEach(this::startBoots);
        while (true) {
            if (groups.stream().allMatch(group -> group.test == null)) {
                break; // every test is done; background work left over holds nothing up
            }
            double step = Double.POSITIVE_INFINITY;
            for (Host host : hosts) {
                double rate = host.rate();
                if (rate > 0) {
                    for (Job job : host.jobs()) {
                        step = Math.min(step, job.remaining / rate);
                    }
                }
            }
            for (Group group : groups) {
                if (!Double.isNaN(group.busyUntil)) {
                    step = Math.min(step, group.busyUntil - now);
                }
                if (!Double.isNaN(group.scriptUntil)) {
                    step = Math.min(step, group.scriptUntil - now);
                }
            }
            if (step == Double.POSITIVE_INFINITY) {
                break; // nothing runs and nothing waits: done
            }
            step = Math.max(0, step);
            now += step;
            for (Host host : hosts) {
                double rate = host.rate();
                List<Job> finished = new ArrayList<>();
                for (Job job : host.jobs()) {
                    job.remaining -= rate * step;
                    if (job.remaining <= 1e-9) {
                        finished.add(job);
                    }
                }
                host.background.removeAll(finished);
                finished.retainAll(host.running);
                for (Job job : finished) {
                    host.running.remove(job);
                    bootFinished(host, job, tests);
                }
            }
            for (Group group : groups) {
                if (!Double.isNaN(group.scriptUntil) && group.scriptUntil <= now + 1e-9) {
                    group.scriptUntil = Double.NaN;
                }
                if (!Double.isNaN(group.busyUntil) && group.busyUntil <= now + 1e-9) {
                    group.busyUntil = Double.NaN;
                    take(group, tests);
                }
            }
            hosts.forEach(this::startBoots);
        }
        return new Prediction(now + machine.runOverhead(), boots, bootCpu);
    }

    private void take(Group group, List<SimTest> tests) {
        if (next >= tests.size()) {
            group.test = null;
            return;
        }
        SimTest test = tests.get(next++);
        group.test = test;
        group.bootsLeft = test.hosts().size();
        if (group.bootsLeft == 0) {
            startScripts(group);
            return;
        }
        for (String host : test.hosts()) {
            boolean first = group.booted.add(host);
            if (!machine.sharedFirstBoots()) {
                double work = first ? machine.firstBoot() : machine.again();
                group.host.queue.add(new Job(group, host, first ? BootSample.Kind.FIRST : BootSample.Kind.AGAIN, work));
            } else if (group.host.prepared.contains(host)) {
                group.host.queue.add(new Job(group, host, BootSample.Kind.AGAIN, machine.again()));
            } else if (group.host.waitingForFirst.containsKey(host)) {
                // the runner's boot pool queues it only when the host's first boot ends (BootPool)
                group.host.waitingForFirst.get(host).add(new Job(group, host, BootSample.Kind.AGAIN, machine.again()));
            } else {
                group.host.waitingForFirst.put(host, new ArrayList<>());
                group.host.queue.add(new Job(group, host, BootSample.Kind.FIRST, machine.firstBoot()));
            }
        }
    }

    private void startBoots(Host host) {
        while (host.running.size() < host.limit && !host.queue.isEmpty()) {
            Job job = host.queue.poll();
            job.started = now;
            job.epoch = host.controller.epoch();
            host.running.add(job);
            job.concurrency = host.running.size();
            boots++;
            bootCpu += job.remaining;
            if (machine.overheadPerBoot() > 0) {
                host.background.add(new Job(null, job.domainHost, job.kind, machine.overheadPerBoot()));
            }
        }
    }

    private void bootFinished(Host host, Job job, List<SimTest> tests) {
        double headroom = machine.cores() - host.running.size();
        List<Change> changes = host.controller.bootFinished(new BootSample(
                job.kind,
                now - job.started,
                job.concurrency,
                job.epoch,
                host.queue.size(),
                tests.size() - next,
                headroom));
        for (Change change : changes) {
            if (change.what() == Change.What.BOOTS) {
                host.limit = change.to();
            }
        }
        if (machine.sharedFirstBoots() && job.kind == BootSample.Kind.FIRST) {
            host.prepared.add(job.domainHost);
            host.queue.addAll(host.waitingForFirst.remove(job.domainHost));
        }
        Group group = job.group;
        if (--group.bootsLeft == 0) {
            startScripts(group);
        }
    }

    /** The group's domains are up: its scripts run, then the rest (judging, shutdowns). */
    private void startScripts(Group group) {
        group.scriptUntil = group.test.scriptCores() > 0 ? now + group.test.scriptSeconds() : Double.NaN;
        group.busyUntil = now + group.test.scriptSeconds() + group.test.otherSeconds();
    }
}
