package dev.kvmrunner.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libreswan main's post-mortem rules (fab/post.py), as {@link MainPostMortem} applies them. */
class MainPostMortemTest {

    @TempDir
    Path suite;

    Path test;
    Path output;
    Judge judge;

    @BeforeEach
    void setUp() throws Exception {
        test = Files.createDirectories(suite.resolve("t-01"));
        output = Files.createDirectories(test.resolve("OUTPUT"));
        Files.writeString(suite.resolve("keep.sed"), "/^>>>>>>>>>>cut>>>>>>>>>> done/d\n");
        judge = new Judge(new ScriptListSanitizerSource(suite, List.of("keep.sed")), Duration.ofSeconds(30));
        for (String host : List.of("east", "west")) {
            Files.writeString(test.resolve(host + ".console.txt"), host + " ok\n");
            Files.writeString(output.resolve(host + ".console.verbose.txt"), host + " ok\n" + Markers.DONE);
        }
    }

    private Verdict judge() throws Exception {
        return judge.judge(new JudgeRequest("t-01", test, "pluto/t-01", List.of("east", "west"), output, false, true));
    }

    @Test
    void plutoLogAndTranscriptIssuesUseMainsNames() throws Exception {
        Files.writeString(output.resolve("east.pluto.log"), "ok\nleak detective found 3 leaks\nEXPECTATION FAILED x\n");
        Files.writeString(output.resolve("west.pluto.log"), "a\ttab\n");
        Files.writeString(
                output.resolve("east.console.verbose.txt"),
                "east ok\nFAIL: reference counts\n>>>>>>>>>> EOF while running <<<<<<<<<<\n" + Markers.DONE);

        Verdict verdict = judge();

        assertThat(verdict.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(verdict.issues().forHost("east"))
                .extracting(Issue::label)
                .contains("LEAK", "EXPECTATION", "EOF", "output-different");
        // main records REFCNT against the last host of its loop over the guests
        assertThat(verdict.issues().forHost("west"))
                .extracting(Issue::label)
                .containsExactlyInAnyOrder("iscntrl", "REFCNT");
    }

    @Test
    void anAllConsoleTxtIsTheOnlyOutputVerified() throws Exception {
        Files.writeString(test.resolve("all.console.txt"), "all ok\n");
        Files.writeString(output.resolve("west.console.verbose.txt"), "different\n"); // not verified
        Files.writeString(output.resolve("all.console.verbose.txt"), "all ok\n" + Markers.DONE);

        Verdict verdict = judge();

        assertThat(verdict.result()).isEqualTo(Result.PASSED);
        assertThat(verdict.sanitizedOutput("west")).isPresent();

        Files.delete(output.resolve("all.console.verbose.txt"));
        assertThat(judge().issues().forHost("all")).containsExactly(Issue.OUTPUT_MISSING);
    }

    @Test
    void uncheckedOutputFailsAndTruncationHidesDifferences() throws Exception {
        Files.delete(test.resolve("west.console.txt"));
        Files.writeString(output.resolve("east.console.verbose.txt"), "east changed\n>>>>>>>>>> TIMEOUT <<<<<<<<<<\n");

        Verdict verdict = judge();

        assertThat(verdict.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(verdict.issues().forHost("west")).containsExactly(Issue.OUTPUT_UNCHECKED);
        assertThat(verdict.issues().forHost("east"))
                .containsExactlyInAnyOrder(Issue.TIMEOUT_MAIN, Issue.OUTPUT_TRUNCATED);
    }
}
