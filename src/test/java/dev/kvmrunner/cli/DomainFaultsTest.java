package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.judge.Result;
import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.testing.Slow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Domain faults on the process backend, in one run on two prefixes: a domain that dies
 * mid-script (once, then always), one that hangs (its shell stopped), one that prints a kernel
 * panic, next to test failures (a timeout, a wrong output) and a good test. Infrastructure faults
 * are power-cycled and retried once; test failures never; the good test is not affected.
 * (qemu: a guest that never shows a prompt is boot-failed and retried, see QemuBackendTest.)
 */
@Slow
class DomainFaultsTest {
    @TempDir
    static Path suite;

    private static final StringWriter out = new StringWriter();
    private static int exit;

    private static void test(String name, String script, String expected) throws IOException {
        Files.createDirectories(suite.resolve(name));
        Files.writeString(suite.resolve(name).resolve("eastinit.sh"), script);
        if (expected != null) {
            Files.writeString(suite.resolve(name).resolve("east.console.txt"), expected);
        }
    }

    @BeforeAll
    static void runTheFaultySuite() throws IOException {
        Path examples = Path.of("examples/basic/sanitizers").toAbsolutePath();
        Files.createDirectories(suite.resolve("sanitizers"));
        for (String sed : List.of("cutout.sed", "prompt.sed")) {
            Files.copy(examples.resolve(sed), suite.resolve("sanitizers").resolve(sed));
        }
        Files.writeString(
                suite.resolve("kvmrunner.toml"),
                "hosts = [\"east\", \"west\"]\n"
                        + "sanitizers = [\"sanitizers/cutout.sed\", \"sanitizers/prompt.sed\"]\n");
        test(
                "dies-once-01",
                "test -e ../died-once || { touch ../died-once; kill -9 $$; }\necho survived\n",
                "test -e ../died-once || { touch ../died-once; kill -9 $$; }\neast #\n echo survived\nsurvived\neast #\n");
        test("always-dies-02", "kill -9 $$\n", null);
        test("hung-03", "kill -STOP $$\n", null);
        test("panic-04", "echo 'Kernel panic - not syncing: Fatal exception'; kill -9 $$\n", null);
        test("timeout-05", "sleep 30\n", null);
        test("wrong-06", "echo right\n", "echo right\nwrong\neast #\n");
        test("good-07", "echo good\n", "echo good\ngood\neast #\n");
        Files.writeString(
                suite.resolve("TESTLIST"),
                String.join(
                                "\n",
                                List.of(
                                        "kvmplutotest dies-once-01 good",
                                        "kvmplutotest always-dies-02 good",
                                        "kvmplutotest hung-03 good",
                                        "kvmplutotest panic-04 good",
                                        "kvmplutotest timeout-05 good",
                                        "kvmplutotest wrong-06 good",
                                        "kvmplutotest good-07 good"))
                        + "\n");
        exit = Main.execute(
                new PrintWriter(out, true),
                new PrintWriter(out, true),
                "run",
                "--no-progress",
                "--prefix",
                "a.",
                "--prefix",
                "b.",
                "--workers",
                "2",
                "--command-timeout",
                "2",
                "--retries",
                "1",
                suite.toString());
    }

    private TestRecord result(String test) {
        return ResultFile.read(suite.resolve(test).resolve("OUTPUT"))
                .orElseThrow(() -> new AssertionError(out.toString()));
    }

    @Test
    void theRunExitsOneAndTheGoodTestPasses() {
        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.NOT_ALL_PASSED);
        assertThat(result("good-07").result()).isEqualTo(Result.PASSED);
        assertThat(result("good-07").attempts()).isEqualTo(1);
    }

    @Test
    void aDomainThatDiesOnceIsPowerCycledAndTheTestPassesAtTheSecondAttempt() {
        TestRecord record = result("dies-once-01");
        assertThat(record.result()).as(out.toString()).isEqualTo(Result.PASSED);
        assertThat(record.attempts()).isEqualTo(2);
        assertThat(record.firstFailure()).isEqualTo("east:domain-died");
        assertThat(suite.resolve("dies-once-01/OUTPUT/attempt-1/east.console.verbose.txt"))
                .exists();
        assertThat(out.toString())
                .contains("infrastructure fault (east:domain-died); power-cycling the test's domains "
                        + "and running it again (attempt 2 of 2)");
    }

    @Test
    void aDomainThatAlwaysDiesIsRetriedOnceThenUnresolved() {
        TestRecord record = result("always-dies-02");
        assertThat(record.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(record.issues().get("east")).contains("domain-died");
        assertThat(record.attempts()).isEqualTo(2);
        assertThat(record.firstFailure()).isEqualTo("east:domain-died");
    }

    @Test
    void aHungDomainIsDomainHungAndRetried() {
        TestRecord record = result("hung-03");
        assertThat(record.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(record.issues().get("east")).contains("domain-hung");
        assertThat(record.attempts()).isEqualTo(2);
        assertThat(record.firstFailure()).isEqualTo("east:domain-hung");
    }

    @Test
    void aKernelPanicIsTypedAndNeverRetried() {
        TestRecord record = result("panic-04");
        assertThat(record.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(record.issues().get("east")).contains("kernel-panic");
        assertThat(record.attempts()).isEqualTo(1);
        assertThat(record.firstFailure()).isNull();
    }

    @Test
    void testFailuresAreNeverRetried() {
        TestRecord timeout = result("timeout-05");
        assertThat(timeout.issues().get("east")).contains("timeout").doesNotContain("domain-hung");
        assertThat(timeout.attempts()).isEqualTo(1);
        TestRecord wrong = result("wrong-06");
        assertThat(wrong.result()).isEqualTo(Result.FAILED);
        assertThat(wrong.attempts()).isEqualTo(1);
    }
}
