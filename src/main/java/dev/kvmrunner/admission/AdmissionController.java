package dev.kvmrunner.admission;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides how many domains boot at once ({@code --workers auto}) and how many domain groups
 * run tests at once ({@code --prefixes auto}), from the slowdown the run's own boots show.
 *
 * <p>The signal is a boot's <em>inflation</em>: its time over the unloaded time of its kind
 * (the fastest seen so far, seeded from earlier runs). Boots are the CPU-heavy part of a run and
 * all alike, so an inflated boot means the machine is short of CPU for the run's own guests,
 * whoever else is busy; the kernel's load figures count a niced compiler as much as a guest and
 * are only logged. Rules, applied to a boot that started after the last change (so that every
 * change is judged by what it caused):
 * <ul>
 *   <li>boots: inflation at most {@value #RAISE_AT_MOST} with boots waiting and every slot in use:
 *       one more; at least {@value #LOWER_AT_LEAST}: one fewer;</li>
 *   <li>groups: inflation at most {@value #RAISE_AT_MOST} and tests left: one more group; a
 *       boot inflated to {@value #LOWER_AT_LEAST} while it booted alone (so the test groups,
 *       not the boot pool, load the machine), or a command timing out on an overloaded
 *       machine: one fewer.</li>
 * </ul>
 * Pure and synchronized: the unit tests drive it with recorded samples.
 */
public final class AdmissionController {
    static final double RAISE_AT_MOST = 1.25;
    static final double LOWER_AT_LEAST = 1.6;
    /** Added to both sides of the ratio so that millisecond boots (process backend) show no noise. */
    static final double EPSILON_SECONDS = 0.25;
    private static final double SMOOTHING = 0.5;

    /**
     * @param bootsAuto     whether the boot pool adapts; else it stays at {@code boots}
     * @param boots         the starting boot limit
     * @param maxBoots      the most it may reach
     * @param groupsAuto    whether the active groups adapt; else all {@code maxGroups} run
     * @param groups        the starting number of active groups
     * @param maxGroups     the prefixes the user allowed
     * @param unloaded      unloaded boot seconds per kind known from earlier runs (may be empty)
     */
    public record Settings(boolean bootsAuto, int boots, int maxBoots, boolean groupsAuto, int groups, int maxGroups,
                           Map<BootSample.Kind, Double> unloaded) {
        public Settings {
            unloaded = Map.copyOf(unloaded);
            if (boots < 1 || maxBoots < boots || groups < 1 || maxGroups < groups) {
                throw new IllegalArgumentException("bad admission limits: " + boots + "/" + maxBoots + ", " + groups + "/" + maxGroups);
            }
        }

        /** Fixed limits, as with {@code --workers N} and a prefix list: nothing adapts. */
        public static Settings fixed(int boots, int groups) {
            return new Settings(false, boots, boots, false, groups, groups, Map.of());
        }
    }

    private final Settings settings;
    private final Map<BootSample.Kind, Double> fastest = new EnumMap<>(BootSample.Kind.class);
    private int boots;
    private int groups;
    private long epoch;
    private double slowdown = 1.0;

    public AdmissionController(Settings settings) {
        this.settings = settings;
        this.boots = settings.boots();
        this.groups = settings.groups();
        fastest.putAll(settings.unloaded());
    }

    public synchronized int boots() {
        return boots;
    }

    public synchronized int groups() {
        return groups;
    }

    /** Counts changes: a sample started in an older epoch describes limits that no longer hold. */
    public synchronized long epoch() {
        return epoch;
    }

    /** The smoothed inflation of recent boots: 1.0 on an unloaded machine, 2.0 when boots take twice as long. */
    public synchronized double slowdown() {
        return slowdown;
    }

    /** The fastest boot of each kind seen, earlier runs included: what the next run starts from. */
    public synchronized Map<BootSample.Kind, Double> unloaded() {
        return Map.copyOf(fastest);
    }

    /** Learns from a finished boot; returns the changes it causes (none, one or two). */
    public synchronized List<Change> bootFinished(BootSample sample) {
        double reference = fastest.merge(sample.kind(), sample.seconds(), Math::min);
        double inflation = (sample.seconds() + EPSILON_SECONDS) / (reference + EPSILON_SECONDS);
        slowdown = SMOOTHING * inflation + (1 - SMOOTHING) * slowdown;
        List<Change> changes = new ArrayList<>();
        if (sample.epoch() != epoch) {
            return changes;
        }
        String measured = String.format(Locale.ROOT, "%s boot took %.2fx its unloaded time",
                sample.kind() == BootSample.Kind.FIRST ? "a" : "a re-", inflation);
        if (settings.bootsAuto()) {
            if (inflation >= LOWER_AT_LEAST && boots > 1) {
                changes.add(setBoots(boots - 1, measured));
            } else if (inflation <= RAISE_AT_MOST && boots < settings.maxBoots() && sample.waiting() > 0
                    && sample.concurrency() >= boots) {
                changes.add(setBoots(boots + 1, measured + ", " + sample.waiting() + " waiting"));
            }
        }
        if (settings.groupsAuto()) {
            if (inflation >= LOWER_AT_LEAST && sample.concurrency() == 1 && groups > 1) {
                changes.add(setGroups(groups - 1, measured + " booting alone"));
            } else if (inflation <= RAISE_AT_MOST && groups < settings.maxGroups() && sample.testsLeft() > 0) {
                changes.add(setGroups(groups + 1, measured + ", " + sample.testsLeft() + " tests left"));
            }
        }
        return changes;
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
        epoch++;
        return change;
    }

    private Change setGroups(int to, String reason) {
        Change change = new Change(Change.What.GROUPS, groups, to, reason);
        groups = to;
        epoch++;
        return change;
    }
}
