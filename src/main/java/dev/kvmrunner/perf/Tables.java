package dev.kvmrunner.perf;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sweep's text report, as mk/perf.sh's users read it: time and failures as workers ×
 * prefixes in both orientations, each point's efficiency against the lower bound, a bar chart of
 * failures and time per point, and how the auto points compare with the best fixed one.
 */
public final class Tables {
    private static final int BAR = 30;

    private Tables() {}

    public static String minutes(double seconds) {
        if (Double.isNaN(seconds)) {
            return "-";
        }
        long s = Math.round(seconds);
        return s / 60 + ":" + String.format(Locale.ROOT, "%02d", s % 60);
    }

    public static void print(SweepAnalysis analysis, String reset, int tests, PrintStream out) {
        List<SweepAnalysis.Cell> cells = analysis.cells(reset);
        List<SweepAnalysis.Cell> fixed = cells.stream().filter(c -> !c.auto()).toList();
        out.println();
        double scriptCpu = analysis.scriptCpu(reset);
        Optional<LowerBound> bound = analysis.bound(reset);
        out.printf(
                Locale.ROOT,
                "=== --reset %s: %d tests%s%n",
                reset,
                tests,
                bound.map(b -> String.format(
                                Locale.ROOT,
                                "; lower bound from a first boot of %.2f and a reset of %.2f CPU-seconds (%s)%s, %d cores",
                                b.firstBoot(),
                                b.reset(),
                                analysis.boundFromCpu(reset)
                                        ? "the guests' own CPU time in the boots that ran alone"
                                        : "the fastest boots that ran alone",
                                scriptCpu > 0
                                        ? String.format(
                                                Locale.ROOT,
                                                " and %.1f CPU-seconds of scripts (the guests' CPU time while"
                                                        + " each test's scripts ran, the least any point measured)",
                                                scriptCpu)
                                        : "",
                                b.cores()))
                        .orElse("; no boot ran alone, so no lower bound"));
        List<Calibration> calibrations = analysis.calibrations(reset);
        if (!calibrations.isEmpty()) {
            // the machine's speed drifts: each point is measured against the bound at its own moment
            out.printf(
                    Locale.ROOT,
                    "each point's efficiency uses its own bound: %s run alone just before it (1 worker, 1 group) "
                            + "measured a first boot of %s and a reset of %s %s across the sweep (a point whose "
                            + "own boots of a kind cost less on average is charged that)%n",
                    String.join(" and ", calibrations.get(0).tests()),
                    range(calibrations, Calibration::firstBoot),
                    range(calibrations, Calibration::again),
                    calibrations.get(0).cpu() ? "CPU-seconds" : "seconds");
        }
        if (cells.stream().anyMatch(c -> c.efficiency() > 1)) {
            // a bound above a measured time is no bound: its boot cost was not the boot's CPU cost
            out.println(
                    "warning: the lower bound exceeds a measured time: the boots that ran alone were slowed by other work "
                            + "on this machine, so their time is not their CPU cost; the efficiencies below mean nothing "
                            + "(run the sweep on a quiet machine, with the serial point)");
        }
        if (!fixed.isEmpty()) {
            grid(out, "Time", fixed, c -> minutes(c.wallSeconds()), true);
            grid(out, "Time", fixed, c -> minutes(c.wallSeconds()), false);
            grid(out, "Failures", fixed, c -> failures(c.failures()), true);
            grid(out, "Failures", fixed, c -> failures(c.failures()), false);
            grid(out, "Efficiency (lower bound / time)", fixed, c -> efficiency(c.efficiency()), true);
            if (fixed.stream().anyMatch(c -> c.bootCpu() > 0)) {
                // the same boot costs more CPU at a slower moment of the machine (TCG): a point's time
                // moves with it, whatever the scheduling
                grid(
                        out,
                        "CPU-seconds per boot (the machine's speed during the point)",
                        fixed,
                        c -> cpu(c.bootCpu()),
                        true);
            }
        }
        chart(out, cells);
        compare(out, analysis, reset, cells);
    }

    private static String range(List<Calibration> calibrations, java.util.function.ToDoubleFunction<Calibration> cost) {
        double[] values =
                calibrations.stream().mapToDouble(cost).filter(v -> v > 0).toArray();
        if (values.length == 0) {
            return "-";
        }
        double least = java.util.Arrays.stream(values).min().orElseThrow();
        double most = java.util.Arrays.stream(values).max().orElseThrow();
        return least == most
                ? String.format(Locale.ROOT, "%.2f", least)
                : String.format(Locale.ROOT, "%.2f-%.2f", least, most);
    }

    private static String failures(double f) {
        return f == Math.rint(f) ? String.valueOf((long) f) : String.format(Locale.ROOT, "%.1f", f);
    }

    private static String cpu(double seconds) {
        return seconds > 0 ? String.format(Locale.ROOT, "%.2f", seconds) : "-";
    }

    private static String efficiency(double e) {
        return Double.isNaN(e) ? "-" : String.format(Locale.ROOT, "%.2f", e);
    }

    /** A table with workers as rows and prefixes as columns (or the other way round). */
    private static void grid(
            PrintStream out,
            String title,
            List<SweepAnalysis.Cell> cells,
            Function<SweepAnalysis.Cell, String> value,
            boolean workersAsRows) {
        List<String> rows = distinct(cells, workersAsRows ? SweepAnalysis.Cell::workers : SweepAnalysis.Cell::prefixes);
        List<String> columns =
                distinct(cells, workersAsRows ? SweepAnalysis.Cell::prefixes : SweepAnalysis.Cell::workers);
        String rowName = workersAsRows ? "workers" : "prefixes";
        String columnName = workersAsRows ? "prefixes" : "workers";
        out.println();
        out.println(title + ", " + rowName + " x " + columnName + ":");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-12s", ""));
        for (String column : columns) {
            header.append(String.format(Locale.ROOT, "%12s", columnName + " " + column));
        }
        out.println(header.toString().stripTrailing());
        for (String row : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s", rowName + " " + row));
            for (String column : columns) {
                String w = workersAsRows ? row : column;
                String p = workersAsRows ? column : row;
                String text = cells.stream()
                        .filter(c -> c.workers().equals(w) && c.prefixes().equals(p))
                        .findFirst()
                        .map(value)
                        .orElse("");
                line.append(String.format(Locale.ROOT, "%12s", text));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static List<String> distinct(List<SweepAnalysis.Cell> cells, Function<SweepAnalysis.Cell, String> key) {
        List<String> values = new ArrayList<>();
        for (SweepAnalysis.Cell cell : cells) {
            if (!values.contains(key.apply(cell))) {
                values.add(key.apply(cell));
            }
        }
        values.sort(java.util.Comparator.comparing(v -> v.equals("auto") ? Integer.MAX_VALUE : Integer.parseInt(v)));
        return values;
    }

    /** One row per point: failures and time as bars, scaled to the largest of each. */
    private static void chart(PrintStream out, List<SweepAnalysis.Cell> cells) {
        double maxFailures =
                cells.stream().mapToDouble(SweepAnalysis.Cell::failures).max().orElse(0);
        double maxTime = cells.stream()
                .mapToDouble(SweepAnalysis.Cell::wallSeconds)
                .max()
                .orElse(0);
        out.println();
        out.printf(
                Locale.ROOT,
                "Fails, reboot workers and time per point (bars: failures up to %s, time up to %s):%n",
                failures(maxFailures),
                minutes(maxTime));
        for (SweepAnalysis.Cell c : cells) {
            out.printf(
                    Locale.ROOT,
                    "  workers %-4s prefixes %-4s fails %4s |%-" + BAR + "s| time %6s |%-" + BAR + "s| eff %s%n",
                    c.workers(),
                    c.prefixes(),
                    failures(c.failures()),
                    bar(c.failures(), maxFailures),
                    minutes(c.wallSeconds()),
                    bar(c.wallSeconds(), maxTime),
                    efficiency(c.efficiency()));
        }
    }

    private static String bar(double value, double max) {
        int n = max <= 0 ? 0 : (int) Math.round(BAR * value / max);
        return "#".repeat(Math.max(0, Math.min(BAR, n)));
    }

    private static void compare(PrintStream out, SweepAnalysis analysis, String reset, List<SweepAnalysis.Cell> cells) {
        Optional<SweepAnalysis.Cell> best = analysis.best(reset);
        Optional<SweepAnalysis.Cell> serial = analysis.serial(reset);
        out.println();
        best.ifPresent(b -> out.printf(
                Locale.ROOT,
                "best fixed point: workers %s, prefixes %s: %s, %s failures, efficiency %s%n",
                b.workers(),
                b.prefixes(),
                minutes(b.wallSeconds()),
                failures(b.failures()),
                efficiency(b.efficiency())));
        Optional<SweepAnalysis.Cell> reliable = analysis.bestWithoutExtraFailures(reset)
                .filter(r -> best.isPresent()
                        && !(r.workers().equals(best.get().workers())
                                && r.prefixes().equals(best.get().prefixes())));
        reliable.ifPresent(r -> out.printf(
                Locale.ROOT,
                "best fixed point without more failures than the serial point: workers %s, prefixes %s: %s, %s failures,"
                        + " efficiency %s%n",
                r.workers(),
                r.prefixes(),
                minutes(r.wallSeconds()),
                failures(r.failures()),
                efficiency(r.efficiency())));
        serial.ifPresent(s -> out.printf(
                Locale.ROOT,
                "serial point: workers 1, prefixes 1: %s, %s failures%s%n",
                minutes(s.wallSeconds()),
                failures(s.failures()),
                best.map(b -> String.format(
                                Locale.ROOT, " (%.2fx the best point's time)", s.wallSeconds() / b.wallSeconds()))
                        .orElse("")));
        for (SweepAnalysis.Cell auto : cells) {
            if (!auto.auto()) {
                continue;
            }
            out.printf(
                    Locale.ROOT,
                    "workers %s, prefixes %s: %s, %s failures, efficiency %s%s%s%s%s%n",
                    auto.workers(),
                    auto.prefixes(),
                    minutes(auto.wallSeconds()),
                    failures(auto.failures()),
                    efficiency(auto.efficiency()),
                    best.map(b -> String.format(
                                    Locale.ROOT,
                                    "; time ratio to the best point %.2f",
                                    auto.wallSeconds() / b.wallSeconds()))
                            .orElse(""),
                    reliable.map(r -> String.format(
                                    Locale.ROOT,
                                    " (%.2f to the best without more failures)",
                                    auto.wallSeconds() / r.wallSeconds()))
                            .orElse(""),
                    serial.map(s -> String.format(
                                    Locale.ROOT,
                                    "; failures %s vs the serial point's %s",
                                    failures(auto.failures()),
                                    failures(s.failures())))
                            .orElse(""),
                    best.filter(b -> b.bootCpu() > 0 && auto.bootCpu() > 0)
                            .map(b -> String.format(
                                    Locale.ROOT,
                                    "; a boot cost %s CPU-seconds, %s in the best point",
                                    cpu(auto.bootCpu()),
                                    cpu(b.bootCpu())))
                            .orElse(""));
        }
    }
}
