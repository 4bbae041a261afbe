package dev.kvmrunner.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides how many domains boot at once ({@code --workers auto}) and how many domain groups
 * run tests at once ({@code --prefixes auto}), from what the run's own boots and processes show.
 *
 * <p>Two signals, chosen so that a niced build beside the run changes nothing: a boot's
 * <em>inflation</em>, its time over the unloaded time of its kind (the lower quartile of the
 * boots that ran alone, earlier runs' included: {@link UnloadedTimes}), which grows when the guests are short of CPU, whoever takes it; and the
 * <em>headroom</em>, the cores left idle by the run's own process tree and by other work that is
 * not niced. Each change opens
 * an epoch, and only boots that started in the current epoch judge it (the median of them, so
 * one noisy boot decides nothing):
 * <ul>
 *   <li>boots: one more while boots wait, every slot is in use, the median inflation is at most
 *       {@value #RAISE_AT_MOST} and a core is idle (before the first boot has finished, the idle
 *       cores alone decide: {@link #startingUp}); one fewer at a median of {@value #LOWER_AT_LEAST}
 *       or one boot at {@value #LOWER_AT_ONCE};</li>
 *   <li>groups: one more while tests are left, the median inflation is at most
 *       {@value #RAISE_AT_MOST} and half a core is idle or the boot pool ran dry (a boot ended
 *       with none waiting, its second of the epoch or later); one fewer when boots that ran alone are
 *       inflated to {@value #LOWER_AT_LEAST} (the test groups load the machine), or when a command
 *       times out on an overloaded machine, or when the boot pool keeps a backlog (each of the epoch's
 *       boots, {@value #BACKLOG_ROUNDS} per slot or more, left two per slot or more waiting) while the
 *       groups outnumber its slots.</li>
 * </ul>
 * A start-up boot ({@link BootSample#startUp}) slower than {@value #RAISE_AT_MOST} its unloaded
 * time is set aside: it neither judges nor joins the lone boots (it shared the machine with the
 * run's own start).
 * Pure and synchronized: the unit tests drive it with recorded samples.
 */
public final class AdmissionController {
    static final double RAISE_AT_MOST = 1.3;
    static final double LOWER_AT_LEAST = 1.7;
    static final double LOWER_AT_ONCE = 2.2;
    /** Idle cores another boot needs: a booting guest keeps one core busy. */
    static final double BOOT_HEADROOM = 0.75;
    /** Idle cores another group needs: its tests mostly wait. */
    static final double GROUP_HEADROOM = 0.5;
    /**
     * Added to both sides of the ratio: a second of jitter in a 3-second boot, or a snapshot
     * reset of half a second, is noise, not load; millisecond boots (process backend) never inflate.
     */
    static final double EPSILON_SECONDS = 1.0;

    private static final double SMOOTHING = 0.5;

    /**
     * A backlog judges once this many rounds of the boot pool's slots have ended in the epoch: a
     * burst of boots queued by groups that ended their tests together is no backlog.
     */
    static final int BACKLOG_ROUNDS = 3;

    /**
     * @param bootsAuto     whether the boot pool adapts; else it stays at {@code boots}
     * @param boots         the starting boot limit
     * @param maxBoots      the most it may reach
     * @param groupsAuto    whether the active groups adapt; else all {@code maxGroups} run
     * @param groups        the starting number of active groups
     * @param maxGroups     the prefixes the user allowed
     * @param unloaded      unloaded boot seconds per kind known without samples ({@code bench boot}; may be empty)
     * @param alone         earlier runs' boots that ran alone, per kind, oldest first (may be empty)
     */
    public record Settings(
            boolean bootsAuto,
            int boots,
            int maxBoots,
            boolean groupsAuto,
            int groups,
            int maxGroups,
            Map<BootSample.Kind, Double> unloaded,
            Map<BootSample.Kind, List<Double>> alone) {
        public Settings {
            unloaded = Map.copyOf(unloaded);
            alone = Map.copyOf(alone);
            if (boots < 1 || maxBoots < boots || groups < 1 || maxGroups < groups) {
                throw new IllegalArgumentException(
                        "bad admission limits: " + boots + "/" + maxBoots + ", " + groups + "/" + maxGroups);
            }
        }

        /** Settings with no lone boots recorded. */
        public Settings(
                boolean bootsAuto,
                int boots,
                int maxBoots,
                boolean groupsAuto,
                int groups,
                int maxGroups,
                Map<BootSample.Kind, Double> unloaded) {
            this(bootsAuto, boots, maxBoots, groupsAuto, groups, maxGroups, unloaded, Map.of());
        }

        /** Fixed limits, as with {@code --workers N} and a prefix list: nothing adapts. */
        public static Settings fixed(int boots, int groups) {
            return new Settings(false, boots, boots, false, groups, groups, Map.of());
        }
    }

    /**
     * Where {@code --workers auto} starts on CORES cores when no earlier run settled (at most
     * MAX_BOOTS): two boots, or half the cores where that is more. Two boots share a machine almost
     * for free ({@code bench boot} on 2 cores under TCG: 2.8 s alone, 2.5 s side by side), and
     * past half the cores libreswan's own sweep bought little time for more failures; starting at
     * one left a core idle through every run's cold boots, the slowest part of a run.
     */
    public static int startingBoots(int cores, int maxBoots) {
        return Math.max(1, Math.min(maxBoots, Math.max(2, cores / 2)));
    }

    /**
     * Where {@code --prefixes auto} starts on CORES cores when no earlier run settled (at most the
     * GROUPS_ALLOWED): two groups per core, since tests mostly wait; the controller takes groups
     * away when boots that run alone slow down or a command times out on an overloaded machine.
     */
    public static int startingGroups(int cores, int groupsAllowed) {
        return Math.max(1, Math.min(groupsAllowed, 2 * cores));
    }

    private final Settings settings;
    private final UnloadedTimes unloaded;
    private int boots;
    private int groups;
    private long epoch;
    private double slowdown = 1.0;
    /** Boots that succeeded in the run; until one has, only {@link #startingUp} can grow the pool. */
    private int finished;

    private final java.util.List<Double> epochInflations = new ArrayList<>();
    private final java.util.List<Double> epochAloneInflations = new ArrayList<>();
    /** The fewest boots left waiting when a boot of the epoch ended. */
    private int epochLeastWaiting = Integer.MAX_VALUE;

    private final HeldLimits bootsHeld = new HeldLimits();
    private final HeldLimits groupsHeld = new HeldLimits();

    public AdmissionController(Settings settings) {
        this.settings = settings;
        this.boots = settings.boots();
        this.groups = settings.groups();
        this.unloaded = new UnloadedTimes(settings.unloaded(), settings.alone());
    }

    public synchronized int boots() {
        return boots;
    }

    public synchronized int groups() {
        return groups;
    }

    /**
     * The boot slots that held while most of the run's boots finished (the current ones before
     * any has): where the run settled, for the next run to start from. The limit at the end is
     * no such value when a change came for the run's last few tests only, such as a group added
     * because the boot pool ran dry near the end.
     */
    public synchronized int settledBoots() {
        return bootsHeld.longest().orElse(boots);
    }

    /** The groups that held while most of the run's boots finished, as {@link #settledBoots()}. */
    public synchronized int settledGroups() {
        return groupsHeld.longest().orElse(groups);
    }

    /** Counts changes: a sample started in an older epoch describes limits that no longer hold. */
    public synchronized long epoch() {
        return epoch;
    }

    /** The smoothed inflation of recent boots: 1.0 on an unloaded machine, 2.0 when boots take twice as long. */
    public synchronized double slowdown() {
        return slowdown;
    }

    /** The unloaded time of each kind known, earlier runs included: what the next run starts from. */
    public synchronized Map<BootSample.Kind, Double> unloaded() {
        return unloaded.known();
    }

    /** The recent boots that ran alone per kind, earlier runs' included, oldest first: for the machine record. */
    public synchronized Map<BootSample.Kind, List<Double>> alone() {
        return unloaded.alone();
    }

    /** Learns from a finished boot; returns the changes it causes (none, one or two). */
    public synchronized List<Change> bootFinished(BootSample sample) {
        finished++;
        bootsHeld.count(boots);
        groupsHeld.count(groups);
        double reference = unloaded.reference(sample);
        double inflation = (sample.seconds() + EPSILON_SECONDS) / (reference + EPSILON_SECONDS);
        slowdown = SMOOTHING * inflation + (1 - SMOOTHING) * slowdown;
        List<Change> changes = new ArrayList<>();
        // a start-up boot shared the machine with the run's own start: a slow one says nothing of
        // the boots that follow (the last sweep's auto runs went from 2 workers to 1 on two such
        // boots at 1.8x, and back 12-22 s later) and would make the next run's unloaded time slower
        if (sample.startUp() && inflation > RAISE_AT_MOST) {
            return changes;
        }
        unloaded.keepIfAlone(sample);
        if (sample.epoch() != epoch) {
            return changes;
        }
        epochInflations.add(inflation);
        epochLeastWaiting = Math.min(epochLeastWaiting, sample.waiting());
        if (sample.concurrency() == 1) {
            epochAloneInflations.add(inflation);
        }
        double median = median(epochInflations);
        String measured = String.format(
                Locale.ROOT,
                "%s took %.2fx %s unloaded time, %.1f cores idle",
                epochInflations.size() == 1 ? "a boot" : "the last " + epochInflations.size() + " boots (median)",
                median,
                epochInflations.size() == 1 ? "its" : "their",
                Math.max(0, sample.headroom()));
        boolean judged = epochInflations.size() >= 2;
        if (settings.bootsAuto() && boots > 1 && (inflation >= LOWER_AT_ONCE || (judged && median >= LOWER_AT_LEAST))) {
            changes.add(setBoots(
                    boots - 1,
                    inflation >= LOWER_AT_ONCE && !(judged && median >= LOWER_AT_LEAST)
                            ? String.format(Locale.ROOT, "a boot took %.2fx its unloaded time", inflation)
                            : measured));
            return changes;
        }
        if (settings.groupsAuto()
                && groups > 1
                && epochAloneInflations.size() >= 2
                && median(epochAloneInflations) >= LOWER_AT_LEAST) {
            changes.add(setGroups(
                    groups - 1,
                    String.format(
                            Locale.ROOT,
                            "boots that ran alone took %.2fx their unloaded time: the running tests load the machine",
                            median(epochAloneInflations))));
            return changes;
        }
        if (median > RAISE_AT_MOST) {
            cutForBacklog().ifPresent(changes::add);
            return changes;
        }
        if (settings.bootsAuto()
                && boots < settings.maxBoots()
                && sample.waiting() > 0
                && sample.concurrency() >= boots
                && sample.headroom() >= BOOT_HEADROOM) {
            changes.add(setBoots(boots + 1, measured + ", " + sample.waiting() + " waiting"));
        } else {
            Optional<Change> cut = cutForBacklog();
            if (cut.isPresent()) {
                changes.add(cut.get());
                return changes;
            }
        }
        // a boot pool that runs dry while tests are left waits for the test groups, not for the CPU:
        // the boots that keep it busy are what fill the cores, so another group is worth its load
        // even where those boots leave no core idle; two boots of the epoch must say so
        boolean poolRanDry = sample.waiting() == 0 && judged;
        if (settings.groupsAuto()
                && groups < settings.maxGroups()
                && sample.testsLeft() > 0
                && (sample.headroom() >= GROUP_HEADROOM || poolRanDry)) {
            changes.add(setGroups(
                    groups + 1,
                    measured + (sample.headroom() >= GROUP_HEADROOM ? "" : ", the boot pool ran dry") + ", "
                            + sample.testsLeft() + " tests left"));
        }
        return changes;
    }

    /**
     * A group fewer where the boot pool, which cannot grow, kept a backlog all epoch: each of its
     * boots ({@value #BACKLOG_ROUNDS} per slot or more) left two per slot or more waiting. The pool is
     * the bottleneck then, a group beyond it only queues boots, and its guests idle beside them
     * meanwhile (the sweep of 2026-12-01 with {@code --reset boot}: 2 boots took 1:30 with 2 groups,
     * 1:34 with 3 and 1:37 with 4; auto kept 4 and took 1:48). Never below two groups, or the boot
     * slots: one group leaves the pool idle while its scripts run (1 boot took 3:25 with 1 group,
     * 2:39 with 2). Makes the change when it is due.
     */
    private Optional<Change> cutForBacklog() {
        if (!settings.groupsAuto()
                || groups <= Math.max(2, boots)
                || epochInflations.size() < BACKLOG_ROUNDS * boots
                || epochLeastWaiting < 2 * boots) {
            return Optional.empty();
        }
        String reason = String.format(
                Locale.ROOT,
                "each of the last %d boots left %d or more waiting: the boot pool is the bottleneck,"
                        + " and a group fewer still keeps it busy",
                epochInflations.size(),
                epochLeastWaiting);
        return Optional.of(setGroups(groups - 1, reason));
    }

    /**
     * Before any boot has finished: the boot pool admits one more boot when every slot is busy,
     * boots wait and {@value #BOOT_HEADROOM} core stayed idle over a whole sampling window since the
     * last change (HEADROOM, measured after it), and the run's own processes kept {@value
     * #BOOT_HEADROOM} core per running boot busy in it (BUSY): until the boots burn their CPU (a run's
     * first boots wait for the guest image first), the idle cores say nothing of what they leave.
     * A cold boot takes seconds, and waiting for the first one to finish before admitting a second
     * leaves a core idle all that time at the start of every run; there is no inflation to judge
     * yet, so the idle cores alone decide, and the boots that then finish judge the step as usual.
     */
    public synchronized List<Change> startingUp(int running, int waiting, double headroom, double busy) {
        List<Change> changes = new ArrayList<>();
        if (settings.bootsAuto()
                && finished == 0
                && boots < settings.maxBoots()
                && running >= boots
                && waiting > 0
                && busy >= running * BOOT_HEADROOM
                && headroom >= BOOT_HEADROOM) {
            changes.add(setBoots(
                    boots + 1,
                    String.format(
                            Locale.ROOT,
                            "no boot has finished yet, %.1f cores idle, %d waiting",
                            Math.max(0, headroom),
                            waiting)));
        }
        return changes;
    }

    private static double median(java.util.List<Double> values) {
        return dev.kvmrunner.load.Median.of(values);
    }

    /** A console command ran out of time; on an overloaded machine that asks for less load. */
    public synchronized List<Change> commandTimedOut(boolean overloaded) {
        List<Change> changes = new ArrayList<>();
        if (!overloaded) {
            return changes;
        }
        if (settings.groupsAuto() && groups > 1) {
            changes.add(setGroups(groups - 1, "a command timed out on an overloaded machine"));
        }
        if (settings.bootsAuto() && boots > 1) {
            changes.add(setBoots(boots - 1, "a command timed out on an overloaded machine"));
        }
        return changes;
    }

    /** Whether the run's own domains are slowed enough to call the machine overloaded. */
    public synchronized boolean overloaded() {
        return slowdown >= LOWER_AT_LEAST;
    }

    private Change setBoots(int to, String reason) {
        Change change = new Change(Change.What.BOOTS, boots, to, reason);
        boots = to;
        newEpoch();
        return change;
    }

    private Change setGroups(int to, String reason) {
        Change change = new Change(Change.What.GROUPS, groups, to, reason);
        groups = to;
        newEpoch();
        return change;
    }

    private void newEpoch() {
        epoch++;
        epochInflations.clear();
        epochAloneInflations.clear();
        epochLeastWaiting = Integer.MAX_VALUE;
    }
}
