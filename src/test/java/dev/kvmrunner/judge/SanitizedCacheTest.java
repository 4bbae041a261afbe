package dev.kvmrunner.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.testing.RequiresTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache of sanitized transcripts: judging an unchanged OUTPUT again runs no sanitizer;
 * a changed transcript, a changed script or a deleted cache sanitizes again; the verdict is
 * the same either way. The sanitizer is a perl script that also counts its runs in a file.
 */
class SanitizedCacheTest {

    @TempDir
    Path suite;

    Path output;
    Path script;
    Path count;
    Judge judge;

    @BeforeEach
    void setUp() throws IOException {
        Path test = suite.resolve("basic-01");
        output = Files.createDirectories(test.resolve("OUTPUT"));
        count = suite.resolve("runs");
        script = suite.resolve("count.pl");
        writeScript("s/time \\d+ms/time Nms/;");
        Files.writeString(output.resolve("east.console.verbose.txt"), "ping: time 12ms\n" + Markers.DONE + "\n");
        Files.writeString(test.resolve("east.console.txt"), "ping: time Nms\n" + Markers.DONE + "\n");
        judge = new Judge(new ScriptListSanitizerSource(suite, List.of("count.pl")), Duration.ofSeconds(30), true);
    }

    private void writeScript(String substitution) throws IOException {
        Files.writeString(
                script,
                "open(my $c, '>>', '" + count + "') or die; print $c \"x\\n\"; close $c;\n" + "while (<STDIN>) { "
                        + substitution + " print; }\n");
    }

    private int runs() throws IOException {
        return Files.exists(count) ? Files.readAllLines(count).size() : 0;
    }

    private Verdict judge() throws Exception {
        return judge.judge(
                new JudgeRequest("basic-01", suite.resolve("basic-01"), "basic-01", List.of("east"), output, false));
    }

    @RequiresTools({"perl"})
    @Test
    void unchangedOutputIsNotSanitizedAgain() throws Exception {
        assertThat(judge().result()).isEqualTo(Result.PASSED);
        assertThat(judge().result()).isEqualTo(Result.PASSED);
        assertThat(runs()).isEqualTo(1);
        assertThat(output.resolve(SanitizedCache.DIRECTORY)).isDirectory();

        Files.writeString(output.resolve("east.console.verbose.txt"), "ping: time 13ms\n" + Markers.DONE + "\n");
        assertThat(judge().result()).isEqualTo(Result.PASSED);
        assertThat(runs()).isEqualTo(2);

        writeScript("");
        assertThat(judge().result()).isEqualTo(Result.FAILED);
        assertThat(runs()).isEqualTo(3);
        assertThat(judge().result()).isEqualTo(Result.FAILED);
        assertThat(runs()).isEqualTo(3);

        dev.kvmrunner.domain.FileTrees.deleteRecursively(output.resolve(SanitizedCache.DIRECTORY));
        assertThat(judge().result()).isEqualTo(Result.FAILED);
        assertThat(runs()).isEqualTo(4);
        try (var entries = Files.list(output.resolve(SanitizedCache.DIRECTORY))) {
            assertThat(entries.toList()).hasSize(1); // one entry per host: the old one went
        }
    }

    @RequiresTools({"perl"})
    @Test
    void withoutTheCacheEveryJudgingSanitizes() throws Exception {
        judge = new Judge(new ScriptListSanitizerSource(suite, List.of("count.pl")), Duration.ofSeconds(30));
        judge();
        judge();
        assertThat(runs()).isEqualTo(2);
        assertThat(output.resolve(SanitizedCache.DIRECTORY)).doesNotExist();
    }
}
