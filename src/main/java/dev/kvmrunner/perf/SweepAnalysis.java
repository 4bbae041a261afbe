package dev.kvmrunner.perf;

import dev.kvmrunner.load.Median;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A sweep's points, summed up per point (medians over repetitions) with each point's lower
 * bound and efficiency, for one reset mode at a time.
 */
public final class SweepAnalysis {
    /**
     * One point of the tables: median makespan and mean failures over its repetitions, the lower
     * bound for its number of groups and the efficiency (bound / makespan). Where every run of the
     * point had a {@link Calibration}, each run is measured against the bound at its own moment:
     * the bound is the median of the runs' bounds and the efficiency the median of their
     * efficiencies ({@code calibrated} true); else the sweep's bound serves them all.
     */
    public record Cell(
            String workers,
            String prefixes,
            String reset,
            int runs,
            double wallSeconds,
            double failures,
            double bound,
            double efficiency,
            String binding,
            Map<String, Integer> issues,
            double bootCpu,
            boolean calibrated) {
        public boolean auto() {
            return workers.equals("auto") || prefixes.equals("auto");
        }
    }

    private final List<PointResult> points;
    private final int cores;
    private final int autoGroups;

    /**
     * @param cores      the machine's cores
     * @param autoGroups the groups {@code --prefixes auto} was allowed (its lower bound uses them all)
     */
    public SweepAnalysis(List<PointResult> points, int cores, int autoGroups) {
        this.points = points.stream().filter(PointResult::ok).toList();
        this.cores = cores;
        this.autoGroups = autoGroups;
    }

    public List<String> resets() {
        return points.stream().map(PointResult::reset).distinct().sorted().toList();
    }

    /**
     * The boot costs the bound of RESET uses, measured by the sweep's own points at concurrency 1:
     * the CPU-seconds a boot cost the domain's own process (the least of the points' medians), where
     * the backend tells it; else the fastest boot's time, taken as CPU-seconds (a booting TCG guest
     * keeps a core busy).
     */
    public Optional<LowerBound> bound(String reset) {
        double first = least(reset, PointResult::firstBootCpu);
        double again = least(reset, PointResult::againCpu);
        if (first == 0) {
            first = least(reset, PointResult::firstBootAlone);
            again = least(reset, PointResult::againAlone);
        }
        if (first == 0) {
            return Optional.empty(); // no boot ran alone: nothing tells what a boot costs
        }
        return Optional.of(new LowerBound(first, again == 0 ? first : Math.min(first, again), cores));
    }

    /**
     * The calibrations of RESET's points (the lone boot costs measured just before each), in
     * the order the points were given; empty when the sweep ran without them.
     */
    public List<Calibration> calibrations(String reset) {
        return points.stream()
                .filter(p -> p.reset().equals(reset) && p.calibration() != null)
                .map(PointResult::calibration)
                .toList();
    }

    /** Whether the bound of RESET charges boots their measured CPU-seconds (not their time). */
    public boolean boundFromCpu(String reset) {
        return least(reset, PointResult::firstBootCpu) > 0;
    }

    private double least(String reset, java.util.function.ToDoubleFunction<PointResult> cost) {
        return points.stream()
                .filter(p -> p.reset().equals(reset))
                .mapToDouble(cost)
                .filter(s -> s > 0)
                .min()
                .orElse(0);
    }

    /**
     * Each test's cost: its hosts, the shortest script time any point of RESET measured, and the
     * least CPU-seconds its guests used while its scripts ran (0 where no point measured it).
     */
    public List<LowerBound.TestCost> testCosts(String reset) {
        Map<String, Double> scripts = new TreeMap<>();
        Map<String, Double> scriptCpu = new TreeMap<>();
        Map<String, List<String>> hosts = new TreeMap<>();
        for (PointResult p : points) {
            if (!p.reset().equals(reset)) {
                continue;
            }
            p.scriptSeconds().forEach((t, s) -> scripts.merge(t, s, Math::min));
            p.scriptCpu().forEach((t, s) -> scriptCpu.merge(t, Math.max(0, s), Math::min));
            hosts.putAll(p.hosts());
        }
        List<LowerBound.TestCost> costs = new ArrayList<>();
        scripts.forEach((t, s) -> costs.add(
                new LowerBound.TestCost(t, hosts.getOrDefault(t, List.of()), s, scriptCpu.getOrDefault(t, 0.0))));
        return costs;
    }

    /** The CPU-seconds the bound of RESET charges the scripts, all tests together (0 where none was measured). */
    public double scriptCpu(String reset) {
        return testCosts(reset).stream()
                .mapToDouble(LowerBound.TestCost::scriptCpu)
                .sum();
    }

    /** The cells of RESET, fixed points ordered by workers then prefixes, auto points last. */
    public List<Cell> cells(String reset) {
        Map<String, List<PointResult>> byPoint = new LinkedHashMap<>();
        for (PointResult p : points) {
            if (p.reset().equals(reset)) {
                byPoint.computeIfAbsent(p.workers() + "/" + p.prefixes(), k -> new ArrayList<>())
                        .add(p);
            }
        }
        Optional<LowerBound> bound = bound(reset);
        List<LowerBound.TestCost> costs = testCosts(reset);
        List<Cell> cells = new ArrayList<>();
        for (List<PointResult> runs : byPoint.values()) {
            PointResult any = runs.get(0);
            double wall = Median.of(
                    runs.stream().mapToDouble(PointResult::wallSeconds).toArray());
            double failures =
                    runs.stream().mapToInt(PointResult::failures).average().orElse(0);
            int groups = any.prefixes().equals("auto") ? autoGroups : Integer.parseInt(any.prefixes());
            LowerBound.Terms terms = bound.map(b -> b.terms(costs, groups)).orElse(null);
            double lower = terms == null ? Double.NaN : terms.bound();
            double efficiency = lower / wall;
            String binding = terms == null ? "" : terms.binding();
            boolean calibrated = runs.stream().allMatch(r -> r.calibration() != null);
            if (calibrated) {
                List<LowerBound.Terms> own = runs.stream()
                        .map(r -> r.calibration().bound(cores, r).terms(costs, groups))
                        .toList();
                lower = Median.of(
                        own.stream().mapToDouble(LowerBound.Terms::bound).toArray());
                double[] efficiencies = new double[runs.size()];
                for (int i = 0; i < runs.size(); i++) {
                    efficiencies[i] = own.get(i).bound() / runs.get(i).wallSeconds();
                }
                efficiency = Median.of(efficiencies);
                binding = own.get(0).binding();
            }
            Map<String, Integer> issues = new TreeMap<>();
            runs.forEach(r -> r.issues().forEach((k, v) -> issues.merge(k, v, Integer::sum)));
            cells.add(new Cell(
                    any.workers(),
                    any.prefixes(),
                    reset,
                    runs.size(),
                    wall,
                    failures,
                    lower,
                    efficiency,
                    binding,
                    issues,
                    Median.of(runs.stream().mapToDouble(PointResult::bootCpu).toArray()),
                    calibrated));
        }
        cells.sort(Comparator.comparing(Cell::auto)
                .thenComparing(c -> order(c.workers()))
                .thenComparing(c -> order(c.prefixes())));
        return cells;
    }

    /** The fastest fixed point of RESET. */
    public Optional<Cell> best(String reset) {
        return cells(reset).stream().filter(c -> !c.auto()).min(Comparator.comparingDouble(Cell::wallSeconds));
    }

    /**
     * The fastest fixed point of RESET that failed no more tests than the serial point (than the
     * fewest any point failed, when the serial point was not run): the point a user would choose,
     * since a faster point that turns load into false failures is not one.
     */
    public Optional<Cell> bestWithoutExtraFailures(String reset) {
        List<Cell> fixed = cells(reset).stream().filter(c -> !c.auto()).toList();
        double allowed = serial(reset)
                .map(Cell::failures)
                .orElse(fixed.stream().mapToDouble(Cell::failures).min().orElse(0));
        return fixed.stream().filter(c -> c.failures() <= allowed).min(Comparator.comparingDouble(Cell::wallSeconds));
    }

    /** The serial point (1 worker, 1 group) of RESET, if it was run. */
    public Optional<Cell> serial(String reset) {
        return cells(reset).stream()
                .filter(c -> c.workers().equals("1") && c.prefixes().equals("1"))
                .findFirst();
    }

    private static int order(String count) {
        return count.equals("auto") ? Integer.MAX_VALUE : Integer.parseInt(count);
    }
}
