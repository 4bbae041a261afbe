package dev.kvmrunner.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.testing.RequiresTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache of verdicts: a stamp that changes with every file a judgement reads and with
 * nothing else; an entry that gives back the verdict it was given; a judge that serves an
 * unchanged test from it without sanitizing or reading transcripts, and judges afresh when a
 * file changed or changed too recently to be trusted.
 */
class VerdictCacheTest {

    @TempDir
    Path suite;

    Path test;
    Path output;
    JudgeRequest request;

    /** Files written by the test are seconds old; this is later than the racy window. */
    Instant later() {
        return Instant.now().plus(Duration.ofMinutes(5));
    }

    @BeforeEach
    void setUp() throws IOException {
        test = Files.createDirectories(suite.resolve("basic-01"));
        output = Files.createDirectories(test.resolve("OUTPUT"));
        Files.writeString(output.resolve("east.console.verbose.txt"), "ping: time 12ms\n" + Markers.DONE + "\n");
        Files.writeString(test.resolve("east.console.txt"), "ping: time Nms\n" + Markers.DONE + "\n");
        Files.writeString(test.resolve("eastinit.sh"), "ping -c 1 192.1.2.23\n");
        request = new JudgeRequest("basic-01", test, "basic-01", List.of("east"), output, false);
    }

    private Optional<String> stamp(Instant now) {
        return VerdictCache.stamp(request, List.of("east=sed"), now);
    }

    @Test
    void theStampFollowsTheFilesAJudgementReads() throws IOException {
        String first = stamp(later()).orElseThrow();
        assertThat(stamp(later())).contains(first);
        assertThat(VerdictCache.stamp(request, List.of("east=other scripts"), later()))
                .as("another sanitizer")
                .isNotEqualTo(Optional.of(first));
        assertThat(VerdictCache.stamp(
                        new JudgeRequest("basic-01", test, "basic-01", List.of("east"), output, true),
                        List.of("east=sed"),
                        later()))
                .as("quick")
                .isNotEqualTo(Optional.of(first));

        Files.writeString(test.resolve("eastinit.sh"), "ping -c 2 192.1.2.23\n");
        Files.createDirectories(output.resolve(SanitizedCache.DIRECTORY));
        Files.writeString(output.resolve(SanitizedCache.DIRECTORY).resolve("east.123"), "kept");
        assertThat(stamp(later()))
                .as("scripts and the cache are not read by judging")
                .contains(first);

        Files.writeString(
                output.resolve("east.console.verbose.txt"),
                "ping: time 13ms\n",
                java.nio.file.StandardOpenOption.APPEND);
        String second = stamp(later()).orElseThrow();
        assertThat(second).isNotEqualTo(first);

        Files.writeString(test.resolve("east.console.txt"), "ping: time Nms\n");
        String third = stamp(later()).orElseThrow();
        assertThat(third).isNotEqualTo(second);

        Files.writeString(output.resolve("east.pluto.log"), "ASSERTION FAILED\n");
        assertThat(stamp(later())).isNotEqualTo(Optional.of(third));
    }

    @Test
    void aFileChangedWithinTheRacyWindowGivesNoStamp() throws IOException {
        Instant written = Files.getLastModifiedTime(output.resolve("east.console.verbose.txt"))
                .toInstant();
        assertThat(stamp(written.plus(Duration.ofSeconds(1)))).isEmpty();
        assertThat(stamp(written.plus(VerdictCache.RACY).plus(Duration.ofSeconds(1))))
                .isPresent();
    }

    @Test
    void anEntryGivesBackTheVerdictItWasGiven() {
        Verdict verdict = Verdict.builder(List.of("east", "west"))
                .passed()
                .issue("east", Issue.OUTPUT_DIFFERENT)
                .issue("west", Issue.TIMEOUT)
                .issue("west", Issue.SANITIZER_FAILED)
                .atLeast(Result.UNRESOLVED)
                .diff("east", List.of("--- MASTER/basic-01/east.console.txt", "+\ttab\r", "", "-x"))
                .sanitizerError("west", "sed: -e expression #1\nline two\n")
                .build();
        String text = VerdictCache.format("abc", verdict);
        Verdict back = VerdictCache.parse(text, "abc", List.of("east", "west")).orElseThrow();
        assertThat(back.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(back.issues()).isEqualTo(verdict.issues());
        assertThat(back.diffs()).isEqualTo(verdict.diffs());
        assertThat(back.sanitizerErrors()).isEqualTo(verdict.sanitizerErrors());
        assertThat(back.hosts()).containsExactly("east", "west");

        assertThat(VerdictCache.parse(text, "another stamp", List.of("east", "west")))
                .isEmpty();
        assertThat(VerdictCache.parse(text.substring(0, text.length() / 2), "abc", List.of("east", "west")))
                .as("a torn entry is no entry")
                .isEmpty();
    }

    @Test
    void aDamagedEntryIsNoEntry() throws IOException {
        Files.createDirectories(output.resolve(SanitizedCache.DIRECTORY));
        Files.writeString(
                output.resolve(SanitizedCache.DIRECTORY).resolve(VerdictCache.FILE),
                "kvmrunner verdict 1\nstamp\tabc\nresult\tsuperb\nend\n");
        assertThat(VerdictCache.get(output, "abc", List.of("east"))).isEmpty();
    }

    /** The sanitizer is a perl script that counts its runs in a file. */
    private Judge judgeCounting(Path count, Instant now) throws IOException {
        Files.writeString(
                suite.resolve("count.pl"),
                "open(my $c, '>>', '" + count + "') or die; print $c \"x\\n\"; close $c;\n"
                        + "while (<STDIN>) { s/time \\d+ms/time Nms/; print; }\n");
        return new Judge(
                new ScriptListSanitizerSource(suite, List.of("count.pl")),
                Duration.ofSeconds(30),
                Judge.Caching.VERDICTS,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static int runs(Path count) throws IOException {
        return Files.exists(count) ? Files.readAllLines(count).size() : 0;
    }

    @RequiresTools({"perl"})
    @Test
    void anUnchangedTestIsServedFromTheCacheWithoutSanitizing() throws Exception {
        Path count = suite.resolve("runs");
        Judge judge = judgeCounting(count, later());
        Verdict first = judge.judge(request);
        assertThat(first.result()).isEqualTo(Result.PASSED);
        assertThat(output.resolve(SanitizedCache.DIRECTORY).resolve(VerdictCache.FILE))
                .isRegularFile();

        // without the sanitized transcript, only the verdict can answer without a sanitizer run
        try (var entries = Files.list(output.resolve(SanitizedCache.DIRECTORY))) {
            for (Path entry : entries.toList()) {
                if (entry.getFileName().toString().startsWith("east.")) {
                    Files.delete(entry);
                }
            }
        }
        Verdict again = judge.judge(request);
        assertThat(runs(count)).isEqualTo(1);
        assertThat(again.result()).isEqualTo(first.result());
        assertThat(again.issues()).isEqualTo(first.issues());
        assertThat(again.sanitizedOutputs())
                .as("the cache keeps verdicts, not output")
                .isEmpty();

        Files.writeString(output.resolve("east.console.verbose.txt"), "ping: time 12ms\n");
        Verdict truncated = judge.judge(request);
        assertThat(runs(count)).isEqualTo(2);
        assertThat(truncated.issues().contains("east", Issue.OUTPUT_TRUNCATED)).isTrue();
    }

    @RequiresTools({"perl"})
    @Test
    void filesJustWrittenAreJudgedAfreshEveryTime() throws Exception {
        Path count = suite.resolve("runs");
        Judge judge = judgeCounting(count, Instant.now());
        judge.judge(request);
        assertThat(output.resolve(SanitizedCache.DIRECTORY).resolve(VerdictCache.FILE))
                .doesNotExist();
    }
}
