package dev.kvmrunner.report;

import dev.kvmrunner.judge.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-prefix timeline of the HTML report, as inline SVG: one lane per domain group, and per
 * test a boot segment (booting and logging in) followed by a script segment, coloured by result.
 * Gaps in a lane are time the test worker waited (for the boot pool, or for nothing to do); long
 * boot segments side by side mean the boot pool was the bottleneck, long script segments mean the
 * tests were. {@code results} does not know the prefixes: then tests that overlap in time are
 * put on separate lanes (the fewest lanes), which is what the prefixes were.
 */
final class Timeline {
    static final int WIDTH = 960;
    static final int LABEL = 90;
    static final int LANE = 22;
    static final int GAP = 8;
    static final int AXIS = 24;

    /** Segment colours, boot then script, per kind; exact, so a screenshot can be checked. */
    static final Map<String, String[]> COLOURS = Map.of(
            "passed", new String[] {"#a6dba0", "#1b7837"},
            "failed", new String[] {"#f4a582", "#b2182b"},
            "unresolved", new String[] {"#fdd49e", "#d95f0e"},
            "untested", new String[] {"#d9d9e6", "#8c8cb3"},
            "wip", new String[] {"#d8c3e8", "#7b3294"});

    private Timeline() {}

    /** The lanes: prefix (or "lane N") → its tests in start order. Tests without a start time are left out. */
    static Map<String, List<ReportEntry>> lanes(List<ReportEntry> entries, List<String> prefixes) {
        List<ReportEntry> timed = new ArrayList<>(
                entries.stream().filter(e -> e.startTime().isPresent()).toList());
        timed.sort(Comparator.comparing(e -> e.startTime().get()));
        Map<String, List<ReportEntry>> lanes = new LinkedHashMap<>();
        if (timed.stream().allMatch(e -> e.prefix().isPresent())) {
            prefixes.forEach(p -> lanes.put(p, new ArrayList<>()));
            timed.forEach(e -> lanes.computeIfAbsent(e.prefix().get(), p -> new ArrayList<>())
                    .add(e));
            return lanes;
        }
        // greedy interval partitioning: the first lane whose last test has ended
        List<Instant> laneEnds = new ArrayList<>();
        for (ReportEntry entry : timed) {
            Instant start = entry.startTime().get();
            int lane = 0;
            while (lane < laneEnds.size() && laneEnds.get(lane).isAfter(start)) {
                lane++;
            }
            if (lane == laneEnds.size()) {
                laneEnds.add(start);
                lanes.put("lane " + (lane + 1), new ArrayList<>());
            }
            laneEnds.set(lane, start.plus(seconds(entry.runtime())));
            lanes.get("lane " + (lane + 1)).add(entry);
        }
        return lanes;
    }

    static String kind(ReportEntry entry) {
        return entry.wipFailure() ? "wip" : entry.result().toString();
    }

    static void render(StringBuilder html, List<ReportEntry> entries, List<String> prefixes) {
        Map<String, List<ReportEntry>> lanes = lanes(entries, prefixes);
        if (lanes.values().stream().allMatch(List::isEmpty)) {
            html.append("<p id=\"timeline-none\">no timeline: no test has a start time</p>\n");
            return;
        }
        Instant first = lanes.values().stream()
                .flatMap(List::stream)
                .map(e -> e.startTime().get())
                .min(Instant::compareTo)
                .orElseThrow();
        double span = lanes.values().stream()
                .flatMap(List::stream)
                .mapToDouble(e -> offset(first, e) + Math.max(e.runtime(), e.bootTime() + e.scriptTime()))
                .max()
                .orElse(1);
        span = Math.max(span, 0.001);
        double scale = (WIDTH - LABEL - 10) / span;
        int height = AXIS + lanes.size() * (LANE + GAP);
        html.append("<svg id=\"timeline\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" shape-rendering=\"crispEdges\" data-span=\"")
                .append(format(span))
                .append("\">\n");
        axis(html, span, scale, height);
        int y = AXIS;
        for (Map.Entry<String, List<ReportEntry>> lane : lanes.entrySet()) {
            html.append("<g class=\"lane\" data-prefix=\"")
                    .append(HtmlReport.escape(lane.getKey()))
                    .append("\" data-tests=\"")
                    .append(lane.getValue().size())
                    .append("\">");
            html.append("<text x=\"4\" y=\"")
                    .append(y + LANE - 6)
                    .append("\">")
                    .append(HtmlReport.escape(lane.getKey().isEmpty() ? "''" : lane.getKey()))
                    .append("</text>");
            for (ReportEntry entry : lane.getValue()) {
                double x = LABEL + offset(first, entry) * scale;
                String[] colours = COLOURS.get(kind(entry));
                segment(html, entry, "boot", x, entry.bootTime() * scale, y, colours[0]);
                segment(html, entry, "script", x + entry.bootTime() * scale, entry.scriptTime() * scale, y, colours[1]);
            }
            html.append("</g>\n");
            y += LANE + GAP;
        }
        html.append("</svg>\n");
    }

    private static void segment(
            StringBuilder html, ReportEntry entry, String what, double x, double width, int y, String colour) {
        html.append("<rect class=\"")
                .append(what)
                .append(' ')
                .append(kind(entry))
                .append("\" data-test=\"")
                .append(HtmlReport.escape(entry.name()))
                .append("\" x=\"")
                .append(format(x))
                .append("\" y=\"")
                .append(y)
                .append("\" width=\"")
                .append(format(Math.max(width, 1)))
                .append("\" height=\"")
                .append(LANE)
                .append("\" fill=\"")
                .append(colour)
                .append("\"><title>")
                .append(HtmlReport.escape(entry.name()))
                .append(": ")
                .append(what)
                .append(' ')
                .append(format(what.equals("boot") ? entry.bootTime() : entry.scriptTime()))
                .append(" s, ")
                .append(kind(entry))
                .append("</title></rect>");
    }

    private static void axis(StringBuilder html, double span, double scale, int height) {
        double step = niceStep(span / 8);
        for (double t = 0; t <= span + 1e-9; t += step) {
            double x = LABEL + t * scale;
            html.append("<line x1=\"")
                    .append(format(x))
                    .append("\" y1=\"")
                    .append(AXIS - 4)
                    .append("\" x2=\"")
                    .append(format(x))
                    .append("\" y2=\"")
                    .append(height)
                    .append("\" stroke=\"#e6e6e6\"/>");
            html.append("<text class=\"tick\" x=\"")
                    .append(format(x + 2))
                    .append("\" y=\"14\">")
                    .append(format(t))
                    .append(" s</text>");
        }
        html.append('\n');
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-3))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static double offset(Instant first, ReportEntry entry) {
        return Duration.between(first, entry.startTime().get()).toNanos() / 1e9;
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** For the legend: kinds in a fixed order. */
    static List<String> kinds() {
        List<String> kinds = new ArrayList<>();
        for (Result result : Result.values()) {
            kinds.add(result.toString());
        }
        kinds.add("wip");
        return kinds;
    }
}
