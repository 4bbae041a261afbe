package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.testing.Await;
import dev.kvmrunner.testing.Slow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand tests on the process backend with four prefixes: threads, open files and child
 * processes are back at their starting values afterwards, the heap stays flat (generous bound),
 * and {@code results} on the thousand-test OUTPUT tree fits in a 256 MB heap.
 */
@Slow
class LoadTest {
    private static final int TESTS = 1000;

    @TempDir
    Path root;

    private Path suite(String name, int tests) throws IOException {
        Path suite = Files.createDirectories(root.resolve(name));
        Path examples = Path.of("examples/basic/sanitizers").toAbsolutePath();
        Files.createDirectories(suite.resolve("sanitizers"));
        for (String sed : List.of("cutout.sed", "prompt.sed")) {
            Files.copy(examples.resolve(sed), suite.resolve("sanitizers").resolve(sed));
        }
        Files.writeString(
                suite.resolve("kvmrunner.toml"),
                "hosts = [\"east\", \"west\"]\nbackend = \"process\"\n"
                        + "sanitizers = [\"sanitizers/cutout.sed\", \"sanitizers/prompt.sed\"]\n[timeouts]\ncommand = 20\nboot = 30\nshutdown = 5\n");
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= tests; i++) {
            String test = String.format("load-%04d", i);
            list.append("kvmplutotest ").append(test).append(" good\n");
            Path dir = Files.createDirectories(suite.resolve(test));
            Files.writeString(dir.resolve("eastinit.sh"), "echo " + i + "\n");
            // every tenth test fails, so diffs are written too
            Files.writeString(
                    dir.resolve("east.console.txt"), "echo " + i + "\n" + (i % 10 == 0 ? "wrong" : i) + "\neast #\n");
        }
        Files.writeString(suite.resolve("TESTLIST"), list.toString());
        return suite;
    }

    private static int run(Path suite) {
        StringWriter out = new StringWriter();
        return Main.execute(
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true),
                "run",
                "--no-progress",
                "--prefix",
                "a.",
                "--prefix",
                "b.",
                "--prefix",
                "c.",
                "--prefix",
                "d.",
                "--workers",
                "4",
                suite.toString());
    }

    private record Usage(int threads, long files, long children, long heap) {}

    private static Usage usage() throws IOException {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return new Usage(
                    Thread.activeCount(),
                    fds.count(),
                    ProcessHandle.current().children().count(),
                    heap);
        }
    }

    @Test
    void aThousandTestsOnFourPrefixesLeaveNothingBehindAndResultsFitsIn256Megabytes() throws Exception {
        // warm up: classes, pools and caches that live as long as the JVM are made here, not counted as leaks
        assertThat(run(suite("warm-up", 8))).isEqualTo(ExitCodes.OK);
        Path suite = suite("load", TESTS);
        Usage before = usage();

        int exit = run(suite);

        assertThat(exit).isEqualTo(ExitCodes.NOT_ALL_PASSED); // every tenth test fails on purpose
        Await.until("threads, files and children are back to their starting values", Duration.ofSeconds(30), () -> {
            try {
                Usage now = usage();
                return now.threads() <= before.threads()
                        && now.files() <= before.files()
                        && now.children() <= before.children();
            } catch (IOException e) {
                return false;
            }
        });
        Usage after = usage();
        assertThat(after.heap() - before.heap())
                .as("heap growth after %d tests", TESTS)
                .isLessThan(64L << 20);
        try (Stream<Path> results = Files.list(suite)) {
            assertThat(results.filter(p -> Files.exists(p.resolve("OUTPUT/RESULT")))
                            .count())
                    .isEqualTo(TESTS);
        }

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "results",
                "--stats",
                "summary",
                suite.toString()));
        Process results = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("results.log").toFile())
                .start();
        assertThat(results.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(root.resolve("results.log"));
        assertThat(log).doesNotContain("OutOfMemoryError");
        assertThat(results.exitValue())
                .as(log.lines().limit(20).toList().toString())
                .isEqualTo(ExitCodes.NOT_ALL_PASSED);
        assertThat(log.lines().filter(l -> l.contains("failed")).count()).isGreaterThanOrEqualTo(TESTS / 10);
    }
}
