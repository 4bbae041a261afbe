package dev.kvmrunner.domain.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apt is asked once while its lists stay the same, and again when they change. */
class AptAnswersTest {
    @TempDir
    Path work;

    @Test
    void anAnswerIsRememberedAcrossRunsUntilThePackageListsChange() throws Exception {
        Path lists = Files.createDirectories(work.resolve("lists"));
        Path packages = Files.writeString(lists.resolve("bookworm_Packages"), "Package: linux-image-1\n");
        Path file = work.resolve("cache/apt-answers.properties");
        AtomicInteger asked = new AtomicInteger();
        AptAnswers.Question apt = () -> "linux-image-" + asked.incrementAndGet();

        assertThat(new AptAnswers(file, List.of(lists)).answer("depends meta", apt))
                .isEqualTo("linux-image-1");
        // a later run (a new instance) reads the file instead of asking
        assertThat(new AptAnswers(file, List.of(lists)).answer("depends meta", apt))
                .isEqualTo("linux-image-1");
        assertThat(asked).hasValue(1);
        // another question is asked once too
        assertThat(new AptAnswers(file, List.of(lists)).answer("candidate x", apt))
                .isEqualTo("linux-image-2");

        // apt-get update rewrote a list
        Files.writeString(packages, "Package: linux-image-2\n");
        Files.setLastModifiedTime(packages, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertThat(new AptAnswers(file, List.of(lists)).answer("depends meta", apt))
                .isEqualTo("linux-image-3");
        assertThat(new AptAnswers(file, List.of(lists)).answer("candidate x", apt))
                .isEqualTo("linux-image-4");
        assertThat(asked).hasValue(4);
    }

    @Test
    void aDamagedOrMissingStateIsAskedAgainNotTrusted() throws Exception {
        Path file = Files.createDirectories(work.resolve("cache")).resolve("apt-answers.properties");
        Files.writeString(file, "apt-state=\\u00zz broken\n");
        AtomicInteger asked = new AtomicInteger();
        AptAnswers answers = new AptAnswers(file, List.of(work.resolve("no-such-lists")));

        assertThat(answers.answer("depends meta", () -> "answer-" + asked.incrementAndGet()))
                .isEqualTo("answer-1");
        assertThat(answers.answer("depends meta", () -> "answer-" + asked.incrementAndGet()))
                .isEqualTo("answer-1");
        assertThat(asked).hasValue(1);
    }
}
