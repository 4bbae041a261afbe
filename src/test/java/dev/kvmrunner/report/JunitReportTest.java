package dev.kvmrunner.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.judge.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JUnit XML for what CI must tell apart: a regression, a wip test failing as expected, a timeout. */
class JunitReportTest {
    @TempDir
    Path suite;

    private ReportEntry entry(
            String name,
            String status,
            Result result,
            String issues,
            List<ReportEntry.HostReport> hosts,
            Optional<Instant> start,
            Optional<String> prefix) {
        return new ReportEntry(
                "suite",
                name,
                status,
                result,
                issues,
                hosts,
                1,
                2,
                3,
                start,
                suite.resolve(name + "/OUTPUT"),
                prefix,
                suite);
    }

    @Test
    void aTimeoutCarriesTheConsolesLastLinesAndAWipFailureIsSkipped() throws IOException {
        Path output = Files.createDirectories(suite.resolve("hang-01/OUTPUT"));
        StringBuilder console = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            console.append("line ").append(i).append("\r\n");
        }
        Files.writeString(output.resolve("west.console.verbose.txt"), console);
        ReportEntry.HostReport west = new ReportEntry.HostReport(
                "west",
                List.of("timeout"),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                output.resolve("west.console.verbose.txt"));
        String xml = JunitReport.toXml(List.of(
                entry(
                        "hang-01",
                        "good",
                        Result.FAILED,
                        "west:timeout",
                        List.of(west),
                        Optional.empty(),
                        Optional.empty()),
                entry(
                        "wip-02",
                        "wip",
                        Result.UNRESOLVED,
                        "east:output-truncated",
                        List.of(),
                        Optional.empty(),
                        Optional.empty())));

        assertThat(xml)
                .contains("tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"1\"")
                .contains(
                        "<failure message=\"failed west:timeout\" type=\"timeout\">west: timeout; the last 15 lines of its console:\n"
                                + "  line 16\n")
                .contains("  line 30\n</failure>")
                .doesNotContain("line 15\n")
                .contains("<skipped message=\"wip test did not pass (expected): unresolved east:output-truncated\">")
                .contains("output: hang-01/OUTPUT\ntranscript west: hang-01/OUTPUT/west.console.verbose.txt\n");
    }

    @Test
    void withoutPrefixesTheTimelinePutsOverlappingTestsOnSeparateLanes() {
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        // runtimes are 3 s: a and c overlap b; d starts after a ended
        List<ReportEntry> entries = List.of(
                entry("a", "good", Result.PASSED, "", List.of(), Optional.of(t0), Optional.empty()),
                entry("b", "good", Result.PASSED, "", List.of(), Optional.of(t0.plusSeconds(1)), Optional.empty()),
                entry("c", "good", Result.PASSED, "", List.of(), Optional.of(t0.plusSeconds(2)), Optional.empty()),
                entry("d", "good", Result.PASSED, "", List.of(), Optional.of(t0.plusSeconds(3)), Optional.empty()),
                entry("never", "good", Result.UNTESTED, "", List.of(), Optional.empty(), Optional.empty()));
        assertThat(Timeline.lanes(entries, List.of()))
                .hasSize(3)
                .hasEntrySatisfying(
                        "lane 1",
                        tests -> assertThat(tests).extracting(ReportEntry::name).containsExactly("a", "d"))
                .hasEntrySatisfying(
                        "lane 2",
                        tests -> assertThat(tests).extracting(ReportEntry::name).containsExactly("b"))
                .hasEntrySatisfying(
                        "lane 3",
                        tests -> assertThat(tests).extracting(ReportEntry::name).containsExactly("c"));
        // with prefixes, the lanes are the prefixes, in the plan's order, even an idle one
        List<ReportEntry> prefixed = List.of(
                entry("a", "good", Result.PASSED, "", List.of(), Optional.of(t0), Optional.of("b.")),
                entry("b", "good", Result.PASSED, "", List.of(), Optional.of(t0.plusSeconds(1)), Optional.of("a.")));
        assertThat(Timeline.lanes(prefixed, List.of("a.", "b.", "c.")).keySet()).containsExactly("a.", "b.", "c.");
    }
}
