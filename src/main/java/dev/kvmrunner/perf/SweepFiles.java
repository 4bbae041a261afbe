package dev.kvmrunner.perf;

import dev.kvmrunner.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;

/**
 * Writes a sweep into DIR: {@code sweep.csv} (one row per point run), {@code sweep.json} (the
 * points, the cells with their bounds and efficiencies) and {@code sweep.png} (time and failures
 * per point, a chart per reset mode).
 */
public final class SweepFiles {
    private SweepFiles() {}

    public static void write(Path dir, List<PointResult> points, SweepAnalysis analysis) throws IOException {
        Files.createDirectories(dir);
        writeCsv(dir.resolve("sweep.csv"), points);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("points", points);
        Map<String, Object> byReset = new LinkedHashMap<>();
        for (String reset : analysis.resets()) {
            Map<String, Object> one = new LinkedHashMap<>();
            analysis.bound(reset).ifPresent(b -> one.put("lower_bound_costs", b));
            one.put("cells", analysis.cells(reset));
            analysis.best(reset).ifPresent(b -> one.put("best", b));
            analysis.bestWithoutExtraFailures(reset).ifPresent(b -> one.put("best_without_extra_failures", b));
            byReset.put(reset, one);
        }
        json.put("resets", byReset);
        AtomicFiles.write(dir.resolve("sweep.json"), Sweep.JSON.writeValueAsString(json) + "\n");
        try {
            writeChart(dir.resolve("sweep.png"), analysis);
        } catch (RuntimeException | LinkageError e) {
            // a JRE without fonts cannot draw text: the tables and the CSV/JSON still stand
            throw new IOException(
                    "cannot draw " + dir.resolve("sweep.png") + " (" + e + "); sweep.csv and sweep.json are written",
                    e);
        }
    }

    private static void writeCsv(Path file, List<PointResult> points) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("id,workers,prefixes,reset,repeat,wall_seconds,tests,passed,failures,boots,mean_boot_seconds,"
                + "first_boot_alone,again_alone,boot_cpu_seconds,cpu_pressure,cpu_busy,calibration_first_boot,"
                + "calibration_reset,exit_status,issues,error");
        for (PointResult p : points) {
            StringBuilder issues = new StringBuilder();
            p.issues()
                    .forEach((k, v) -> issues.append(issues.length() == 0 ? "" : " ")
                            .append(k)
                            .append('=')
                            .append(v));
            lines.add(String.join(
                    ",",
                    p.id(),
                    p.workers(),
                    p.prefixes(),
                    p.reset(),
                    String.valueOf(p.repeat()),
                    number(p.wallSeconds()),
                    String.valueOf(p.tests()),
                    String.valueOf(p.passed()),
                    String.valueOf(p.failures()),
                    String.valueOf(p.boots()),
                    number(p.meanBootSeconds()),
                    number(p.firstBootAlone()),
                    number(p.againAlone()),
                    number(p.bootCpu()),
                    number(p.cpuPressure()),
                    number(p.cpuBusy()),
                    p.calibration() == null ? "" : number(p.calibration().firstBoot()),
                    p.calibration() == null ? "" : number(p.calibration().again()),
                    String.valueOf(p.exitStatus()),
                    quote(issues.toString()),
                    quote(p.error())));
        }
        AtomicFiles.write(file, String.join("\n", lines) + "\n");
    }

    private static String number(double d) {
        return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.3f", d);
    }

    private static String quote(String text) {
        return text.isEmpty() ? "" : "\"" + text.replace("\"", "\"\"") + "\"";
    }

    /** Time (minutes) and failures per point, one chart per reset mode stacked in one PNG. */
    static void writeChart(Path file, SweepAnalysis analysis) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> resets = analysis.resets();
        if (resets.isEmpty()) {
            return;
        }
        List<CategoryChart> charts = new ArrayList<>();
        for (String reset : resets) {
            List<SweepAnalysis.Cell> cells = analysis.cells(reset);
            List<String> labels = new ArrayList<>();
            List<Double> minutes = new ArrayList<>();
            List<Double> failures = new ArrayList<>();
            List<Double> bound = new ArrayList<>();
            for (SweepAnalysis.Cell c : cells) {
                labels.add("w" + c.workers() + " p" + c.prefixes());
                minutes.add(c.wallSeconds() / 60);
                failures.add(c.failures());
                bound.add(Double.isNaN(c.bound()) ? 0 : c.bound() / 60);
            }
            CategoryChart chart = new CategoryChartBuilder()
                    .width(Math.max(640, 70 * labels.size()))
                    .height(420)
                    .title("kvmrunner bench sweep, --reset " + reset)
                    .xAxisTitle("point (workers, prefixes)")
                    .yAxisTitle("minutes / failures")
                    .build();
            chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
            chart.getStyler().setXAxisLabelRotation(45);
            chart.addSeries("time (min)", labels, minutes);
            chart.addSeries("lower bound (min)", labels, bound)
                    .setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
            chart.addSeries("failures", labels, failures);
            charts.add(chart);
        }
        java.awt.image.BufferedImage first = BitmapEncoder.getBufferedImage(charts.get(0));
        int width = charts.stream().mapToInt(CategoryChart::getWidth).max().orElse(first.getWidth());
        int height = charts.stream().mapToInt(CategoryChart::getHeight).sum();
        java.awt.image.BufferedImage all =
                new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = all.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, width, height);
            int y = 0;
            for (CategoryChart chart : charts) {
                g.drawImage(BitmapEncoder.getBufferedImage(chart), 0, y, null);
                y += chart.getHeight();
            }
        } finally {
            g.dispose();
        }
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        javax.imageio.ImageIO.write(all, "png", temp.toFile());
        Files.move(
                temp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
