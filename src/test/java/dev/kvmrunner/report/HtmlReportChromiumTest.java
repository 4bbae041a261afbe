package dev.kvmrunner.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.judge.Result;
import dev.kvmrunner.testing.RequiresTools;
import dev.kvmrunner.testing.Slow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the HTML report in headless Chromium (Debian's {@code chromium}, installed by
 * {@code .ci/run}): the page's script runs, then the DOM is dumped and checked; a screenshot
 * is saved as {@code target/html-report.png}.
 */
@Slow
@RequiresTools({"chromium"})
class HtmlReportChromiumTest {

    @TempDir
    Path root;

    Path report;

    private static Optional<Path> chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    @BeforeEach
    void report() throws IOException {
        List<ReportEntry> entries = new ArrayList<>();
        Path output = Files.createDirectories(root.resolve("suite/t/OUTPUT"));
        Files.writeString(output.resolve("east.console.verbose.txt"), "raw\n");
        for (int i = 1; i <= 4; i++) {
            entries.add(entry("pass-0" + i, Result.PASSED, "", output, Optional.empty(), Optional.empty(), List.of()));
        }
        entries.add(entry(
                "fail-05",
                Result.FAILED,
                "east:output-different",
                output,
                Optional.of("a\nsame\nb 1\n"),
                Optional.of("a\nsame\nb 2\n"),
                List.of("--- MASTER", "+++ OUTPUT", "@@ -3 +3 @@", "-b 1", "+b 2")));
        entries.add(
                entry("fail-06", Result.FAILED, "east:timeout", output, Optional.empty(), Optional.empty(), List.of()));
        entries.add(entry(
                "broken-07 <&>",
                Result.UNRESOLVED,
                "east:output-truncated",
                output,
                Optional.empty(),
                Optional.empty(),
                List.of()));
        report = HtmlReport.write(entries, root.resolve("report"), "kvmrunner test report");
    }

    private static ReportEntry entry(
            String name,
            Result result,
            String issues,
            Path output,
            Optional<String> expected,
            Optional<String> actual,
            List<String> diff) {
        List<String> labels = issues.isEmpty() ? List.of() : List.of(issues.substring(issues.indexOf(':') + 1));
        return new ReportEntry(
                "suite",
                name,
                "good",
                result,
                issues,
                List.of(new ReportEntry.HostReport(
                        "east", labels, diff, expected, actual, output.resolve("east.console.verbose.txt"))),
                1.5,
                2.25,
                4.0,
                Optional.of(Instant.parse("2024-01-02T03:04:05Z")),
                output);
    }

    private String chrome(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                chromium().orElseThrow().toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + root.resolve("profile")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(root.resolve("chromium.err").toFile())
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("chromium finished")
                .isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String text(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\">([^<]*)<").matcher(dom);
        assertThat(m.find()).as("element #" + id).isTrue();
        return m.group(1);
    }

    private static List<String> visibleRows(String dom) {
        List<String> rows = new ArrayList<>();
        Matcher m = Pattern.compile("<tr class=\"test [a-z]+\"([^>]*)><td>(?:<a [^>]*>)?([^<]*)<")
                .matcher(dom);
        while (m.find()) {
            if (!m.group(1).contains("hidden")) {
                rows.add(m.group(2));
            }
        }
        return rows;
    }

    @Test
    void countsFilteringAndScreenshot() throws Exception {
        String url = report.toUri().toString();

        String all = chrome("--dump-dom", url);
        assertThat(text(all, "count-total")).isEqualTo("7");
        assertThat(text(all, "count-passed")).isEqualTo("4");
        assertThat(text(all, "count-failed")).isEqualTo("2");
        assertThat(text(all, "count-unresolved")).isEqualTo("1");
        assertThat(text(all, "shown-count")).isEqualTo("7");
        assertThat(visibleRows(all)).hasSize(7).contains("broken-07 &lt;&amp;&gt;");

        String failed = chrome("--dump-dom", url + "#filter=failed");
        assertThat(visibleRows(failed)).containsExactly("fail-05", "fail-06");
        assertThat(text(failed, "shown-count")).isEqualTo("2");

        String notPassed = chrome("--dump-dom", url + "#filter=not-passed&q=truncated");
        assertThat(visibleRows(notPassed)).containsExactly("broken-07 &lt;&amp;&gt;");

        // the side-by-side view marks the changed word; the transcript link is relative
        assertThat(all)
                .contains("<del>1</del>")
                .contains("<ins>2</ins>")
                .contains("href=\"output/test-suite-fail-05/east.console.verbose.txt\"");
        assertThat(all).doesNotContain("http://").doesNotContain("https://");

        Path screenshot = Path.of("target", "html-report.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        chrome("--screenshot=" + screenshot, "--window-size=1280,900", url + "#filter=not-passed");
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(1000);
    }

    // ---- run header, timeline, wip, timeouts, folds ----

    private static final Instant T0 = Instant.parse("2024-01-02T03:04:00Z");

    private ReportEntry timed(
            String prefix,
            String name,
            String status,
            Result result,
            String issues,
            double start,
            double boot,
            double script,
            Path output,
            List<ReportEntry.HostReport> hosts) {
        return new ReportEntry(
                "suite",
                name,
                status,
                result,
                issues,
                hosts,
                boot,
                script,
                boot + script,
                Optional.of(T0.plusMillis((long) (start * 1000))),
                output,
                Optional.of(prefix),
                output.getParent().getParent()); // OUTPUT in its test directory
    }

    @Test
    void headerTimelineWipTimeoutsAndFoldsInTheBrowser() throws Exception {
        Path suite = root.resolve("timed");
        Path out1 = Files.createDirectories(suite.resolve("fail-02/OUTPUT"));
        Path out2 = Files.createDirectories(suite.resolve("wip-04/OUTPUT"));
        Path out3 = Files.createDirectories(suite.resolve("hang-05/OUTPUT"));
        Path pass = Files.createDirectories(suite.resolve("pass-01/OUTPUT"));
        StringBuilder console = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            console.append("line ").append(i).append('\n');
        }
        console.append("[root@west hang-05]# sleep 600\n");
        Files.writeString(out3.resolve("west.console.verbose.txt"), console);
        Files.writeString(out1.resolve("east.console.verbose.txt"), "raw\n");
        StringBuilder same = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            same.append("same ").append(i).append('\n');
        }
        ReportEntry.HostReport differs = new ReportEntry.HostReport(
                "east",
                List.of("output-different"),
                List.of("-x 1", "+x 2"),
                Optional.of(same + "x 1\n"),
                Optional.of(same + "x 2\n"),
                out1.resolve("east.console.verbose.txt"));
        ReportEntry.HostReport hung = new ReportEntry.HostReport(
                "west",
                List.of("timeout"),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                out3.resolve("west.console.verbose.txt"));
        List<ReportEntry> entries = List.of(
                timed("a.", "pass-01", "good", Result.PASSED, "", 0, 1, 2, pass, List.of()),
                timed(
                        "a.",
                        "fail-02",
                        "good",
                        Result.FAILED,
                        "east:output-different",
                        3.5,
                        1,
                        3,
                        out1,
                        List.of(differs)),
                timed("b.", "pass-03", "good", Result.PASSED, "", 0.5, 2, 2, pass, List.of()),
                timed("b.", "wip-04", "wip", Result.FAILED, "east:output-different", 5, 1, 2, out2, List.of()),
                timed("c.", "hang-05", "good", Result.FAILED, "west:timeout", 1, 1, 7, out3, List.of(hung)));
        RunInfo info = new RunInfo(
                List.of("suite"),
                Optional.of("qemu"),
                List.of("a.", "b.", "c."),
                Optional.of(2),
                "tcg (auto); kvm (/dev/kvm usable)",
                Optional.of(java.time.Duration.ofMillis(9100)),
                "1a2b3c4",
                "testhost, 2 cores",
                List.of("accel: tcg (auto)", "reset: snapshot"));
        Path index = HtmlReport.write(entries, root.resolve("timed-report"), "timeline", info);
        String url = index.toUri().toString();

        String dom = chrome("--dump-dom", url);
        assertThat(text(dom, "header-backend")).isEqualTo("qemu");
        assertThat(text(dom, "header-prefixes")).isEqualTo("a. b. c.");
        assertThat(text(dom, "header-workers")).isEqualTo("2");
        assertThat(text(dom, "header-accelerator")).isEqualTo("tcg (auto); kvm (/dev/kvm usable)");
        assertThat(text(dom, "header-backend-settings")).isEqualTo("accel: tcg (auto), reset: snapshot");
        assertThat(text(dom, "header-wall-time")).isEqualTo("9.1 s");
        assertThat(text(dom, "header-suite-revision")).isEqualTo("1a2b3c4");
        // one lane per prefix, each with its tests' boot and script segments
        Matcher lanes = Pattern.compile("<g class=\"lane\" data-prefix=\"([^\"]*)\" data-tests=\"(\\d+)\">")
                .matcher(dom);
        List<String> found = new ArrayList<>();
        while (lanes.find()) {
            found.add(lanes.group(1) + "=" + lanes.group(2));
        }
        assertThat(found).containsExactly("a.=2", "b.=2", "c.=1");
        assertThat(dom)
                .contains("class=\"boot wip\" data-test=\"wip-04\"", "class=\"script failed\" data-test=\"hang-05\"");
        // a failing wip test is not a regression: styled and counted apart
        assertThat(text(dom, "count-wip")).isEqualTo("1");
        assertThat(dom).contains("<tr class=\"test failed wip\"").contains("failed (wip)");
        // the timeout shows the console's last lines, from the copy inside the report folder
        assertThat(dom)
                .contains("the last 15 lines of its console")
                .contains("line 40\n[root@west hang-05]# sleep 600</pre>")
                .doesNotContain("line 26\n");
        assertThat(root.resolve("timed-report/output/test-suite-hang-05/west.console.verbose.txt"))
                .exists();
        assertThat(dom).contains("href=\"output/test-suite-hang-05/west.console.verbose.txt\"");
        // 17 equal lines folded and hidden; #unfold=all (or a click) shows them
        assertThat(dom).contains("17 equal lines");
        assertThat(Pattern.compile("data-folded=\"1\" hidden")
                        .matcher(dom)
                        .results()
                        .count())
                .isEqualTo(17);
        String unfolded = chrome("--dump-dom", url + "#unfold=all");
        assertThat(Pattern.compile("data-folded=\"1\"")
                        .matcher(unfolded)
                        .results()
                        .count())
                .isEqualTo(17);
        assertThat(unfolded).doesNotContain("data-folded=\"1\" hidden");

        // the screenshot shows what the data says: three lanes, each in the colours of its tests
        Path screenshot = Path.of("target", "html-timeline.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        chrome("--screenshot=" + screenshot, "--window-size=1280,1000", "--force-device-scale-factor=1", url);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(screenshot.toFile());
        List<java.util.Set<String>> bands = colourBands(image);
        assertThat(bands).hasSize(3);
        assertThat(bands.get(0)).contains("passed", "failed").doesNotContain("wip");
        assertThat(bands.get(1)).contains("passed", "wip").doesNotContain("failed");
        assertThat(bands.get(2)).containsExactly("failed");
    }

    /**
     * Rows of the screenshot holding a timeline segment (a run of at least 30 pixels of one
     * segment colour; the legend's swatches are narrower), grouped into bands of adjacent rows;
     * per band, the kinds whose colours it shows.
     */
    private static List<java.util.Set<String>> colourBands(java.awt.image.BufferedImage image) {
        java.util.Map<Integer, String> kinds = new java.util.HashMap<>();
        Timeline.COLOURS.forEach((kind, colours) -> {
            for (String colour : colours) {
                kinds.put(Integer.parseInt(colour.substring(1), 16), kind);
            }
        });
        List<java.util.Set<String>> bands = new ArrayList<>();
        int lastRow = -2;
        for (int y = 0; y < image.getHeight(); y++) {
            java.util.Set<String> row = new java.util.TreeSet<>();
            int run = 0;
            int previous = -1;
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                run = rgb == previous ? run + 1 : 1;
                previous = rgb;
                if (run >= 30 && kinds.containsKey(rgb)) {
                    row.add(kinds.get(rgb));
                }
            }
            if (!row.isEmpty()) {
                if (y != lastRow + 1) {
                    bands.add(new java.util.TreeSet<>());
                }
                bands.get(bands.size() - 1).addAll(row);
                lastRow = y;
            }
        }
        return bands;
    }
}
