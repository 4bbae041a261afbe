package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kvmrunner.testing.Await;
import dev.kvmrunner.testing.Slow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./kvmrunner} launcher, run from a copy next to a copy of the built jar (no sources
 * beside it, so it builds nothing): {@code results}' own class-data archive, and java replacing
 * the launcher's process so that a signal sent to it reaches the run.
 */
@Slow
class LauncherTest {
    @TempDir
    Path root;

    private Path launcher;
    private Path target;
    private Path suite;

    @BeforeEach
    void copyTheLauncherAndTheJar() throws IOException {
        Path jar = Path.of("target/kvmrunner.jar").toAbsolutePath();
        assumeTrue(Files.isRegularFile(jar), "needs the built jar (mvn package runs before the slow tests)");
        launcher = root.resolve("kvmrunner");
        Files.copy(Path.of("kvmrunner"), launcher);
        launcher.toFile().setExecutable(true);
        target = Files.createDirectories(root.resolve("target"));
        Files.copy(jar, target.resolve("kvmrunner.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        suite = Files.createDirectories(root.resolve("suite"));
        Files.createDirectories(suite.resolve("basic-01"));
        Files.writeString(suite.resolve("basic-01/eastinit.sh"), "echo hello\n");
        Files.writeString(suite.resolve("basic-01/east.console.txt"), "east # echo hello\nhello\n");
        Files.writeString(suite.resolve("TESTLIST"), "kvmplutotest basic-01 good\n");
    }

    private Process launch(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private List<String> archives() throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("kvmrunner-results.jsa"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void resultsWritesItsArchiveAtTheFirstRunAndTheNextLaunchPutsItInPlace() throws Exception {
        Process first = launch("results", suite.toString());
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(archives())
                .as("written under the writer's process id, not yet in use")
                .containsExactly("kvmrunner-results.jsa." + first.pid() + ".tmp");
        assertThat(Files.size(target.resolve("kvmrunner-results.jsa." + first.pid() + ".tmp")))
                .isPositive();

        Process second = launch("results", suite.toString());
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(first.exitValue());
        assertThat(archives()).containsExactly("kvmrunner-results.jsa");
    }

    @Test
    void anArchiveOlderThanTheJarIsMadeAgain() throws Exception {
        // a jar rebuilt by mvn (not by the launcher) makes the JVM refuse the old archives, silently
        Path archive = target.resolve("kvmrunner-results.jsa");
        Files.writeString(archive, "an archive made for an earlier jar");
        Files.setLastModifiedTime(
                archive,
                java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(target.resolve("kvmrunner.jar"))
                                .toMillis()
                        - 60_000));
        Process first = launch("results", suite.toString());
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(archives())
                .as("the stale archive is gone and a new one written")
                .containsExactly("kvmrunner-results.jsa." + first.pid() + ".tmp");
    }

    @Test
    void aSignalSentToTheLauncherEndsTheRunItStarted() throws Exception {
        // every command, a first results run included, ends in the same exec: the launcher's process becomes java
        Files.writeString(suite.resolve("basic-01/eastinit.sh"), "sleep 60\n");
        Process run = launch("run", "--no-progress", suite.toString());
        Await.until(
                "the test's sleep started",
                Duration.ofSeconds(30),
                () -> run.descendants()
                        .anyMatch(p -> p.info().command().orElse("").endsWith("sleep")));
        List<ProcessHandle> started = run.descendants().toList();
        assertThat(run.info().command()).get().asString().endsWith("java");
        run.destroy(); // SIGTERM to the launcher's process id only
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("the run ended").isTrue();
        Await.until(
                "everything the run started is gone",
                Duration.ofSeconds(10),
                () -> started.stream().noneMatch(ProcessHandle::isAlive));
    }
}
