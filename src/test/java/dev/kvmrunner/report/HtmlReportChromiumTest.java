package dev.kvmrunner.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kvmrunner.judge.Result;
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
import dev.kvmrunner.testing.RequiresTools;

/**
 * Loads the HTML report in headless Chromium (Debian's {@code chromium}, installed by
 * {@code .ci/run}): the page's script runs, then the DOM is dumped and checked; a screenshot
 * is saved as {@code target/html-report.png}.
 */
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
        entries.add(entry("fail-05", Result.FAILED, "east:output-different", output, Optional.of("a\nsame\nb 1\n"),
                Optional.of("a\nsame\nb 2\n"), List.of("--- MASTER", "+++ OUTPUT", "@@ -3 +3 @@", "-b 1", "+b 2")));
        entries.add(entry("fail-06", Result.FAILED, "east:timeout", output, Optional.empty(), Optional.empty(), List.of()));
        entries.add(entry("broken-07 <&>", Result.UNRESOLVED, "east:output-truncated", output, Optional.empty(), Optional.empty(), List.of()));
        report = HtmlReport.write(entries, root.resolve("report"), "kvmrunner test report");
    }

    private static ReportEntry entry(String name, Result result, String issues, Path output, Optional<String> expected,
                                     Optional<String> actual, List<String> diff) {
        List<String> labels = issues.isEmpty() ? List.of() : List.of(issues.substring(issues.indexOf(':') + 1));
        return new ReportEntry("suite", name, "good", result, issues,
                List.of(new ReportEntry.HostReport("east", labels, diff, expected, actual, output.resolve("east.console.verbose.txt"))),
                1.5, 2.25, 4.0, Optional.of(Instant.parse("2024-01-02T03:04:05Z")), output);
    }

    private String chrome(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium().orElseThrow().toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + root.resolve("profile")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(root.resolve("chromium.err").toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String text(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\">([^<]*)<").matcher(dom);
        assertThat(m.find()).as("element #" + id).isTrue();
        return m.group(1);
    }

    private static List<String> visibleRows(String dom) {
        List<String> rows = new ArrayList<>();
        Matcher m = Pattern.compile("<tr class=\"test [a-z]+\"([^>]*)><td>(?:<a [^>]*>)?([^<]*)<").matcher(dom);
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
        assertThat(all).contains("<del>1</del>").contains("<ins>2</ins>").contains("href=\"../suite/t/OUTPUT/east.console.verbose.txt\"");
        assertThat(all).doesNotContain("http://").doesNotContain("https://");

        Path screenshot = Path.of("target", "html-report.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        chrome("--screenshot=" + screenshot, "--window-size=1280,900", url + "#filter=not-passed");
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(1000);
    }
}
