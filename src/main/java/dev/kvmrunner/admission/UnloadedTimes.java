package dev.kvmrunner.admission;

import dev.kvmrunner.admission.BootSample.Kind;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a boot of each kind takes on this machine when nothing else boots: the reference a boot's
 * inflation is measured against.
 *
 * <p>It is the lower quartile of the recent boots that ran alone, earlier runs' included, not the
 * fastest one. Under TCG a lone boot-and-login takes anywhere from 3 to 8 s on a quiet 2-core
 * machine (median 5 s on the quiet sweep); measured against the fastest ever seen, typical boots
 * looked inflated 2x and {@code auto} shrank to one group. A quartile is moved neither by one lucky
 * boot nor by the few lone boots that ran beside busy test groups. {@code bench boot}'s time is
 * one more lone boot. Until any is known, the recorded unloaded time stands in, else the fastest
 * boot of the run.
 */
final class UnloadedTimes {
    /** Lone boots kept per kind: enough for a stable quartile, few enough to follow a changed machine. */
    static final int KEPT = 32;

    private final Map<Kind, Double> recorded;
    /** Lone boots of earlier runs and this one, oldest first. */
    private final Map<Kind, Deque<Double>> alone = new EnumMap<>(Kind.class);

    private final Map<Kind, Double> fastest = new EnumMap<>(Kind.class);

    /**
     * @param recorded unloaded times without samples behind them (bench boot, older records)
     * @param history  earlier runs' lone boots per kind, oldest first
     */
    UnloadedTimes(Map<Kind, Double> recorded, Map<Kind, List<Double>> history) {
        this.recorded = Map.copyOf(recorded);
        history.forEach((kind, seconds) -> seconds.forEach(s -> keep(kind, s)));
    }

    /**
     * The unloaded time a finished boot is measured against, from what was known before it joins
     * the lone boots ({@link #keepIfAlone}, when the caller keeps it): a slow first boot is
     * measured against what earlier runs knew, not against itself.
     */
    double reference(BootSample sample) {
        fastest.merge(sample.kind(), sample.seconds(), Math::min);
        return of(sample.kind());
    }

    /** Keeps a boot that ran alone among those the unloaded time is taken from. */
    void keepIfAlone(BootSample sample) {
        if (sample.concurrency() == 1) {
            keep(sample.kind(), sample.seconds());
        }
    }

    private void keep(Kind kind, double seconds) {
        Deque<Double> kept = alone.computeIfAbsent(kind, k -> new ArrayDeque<>());
        kept.addLast(seconds);
        while (kept.size() > KEPT) {
            kept.removeFirst();
        }
    }

    /**
     * The unloaded time of KIND; NaN while nothing is known of it. The recorded time stands in only
     * while no lone boot is known: it is what an earlier run computed from its lone boots (or bench
     * boot's figure, which {@link MachineRecord.Entry#withBootCosts} also adds to them), so counting
     * it beside them would count those boots twice.
     */
    double of(Kind kind) {
        Deque<Double> lone = alone.get(kind);
        if (lone != null && !lone.isEmpty()) {
            return lowerQuartile(lone);
        }
        if (recorded.containsKey(kind)) {
            return recorded.get(kind);
        }
        return fastest.getOrDefault(kind, Double.NaN);
    }

    /** The unloaded time of every kind known. */
    Map<Kind, Double> known() {
        Map<Kind, Double> known = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            double seconds = of(kind);
            if (!Double.isNaN(seconds)) {
                known.put(kind, seconds);
            }
        }
        return known;
    }

    /** The lone boots kept per kind, oldest first: what the next run starts from. */
    Map<Kind, List<Double>> alone() {
        Map<Kind, List<Double>> copy = new EnumMap<>(Kind.class);
        alone.forEach((kind, kept) -> copy.put(kind, List.copyOf(kept)));
        return copy;
    }

    static double lowerQuartile(java.util.Collection<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 4];
    }
}
