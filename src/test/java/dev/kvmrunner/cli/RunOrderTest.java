package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.judge.Result;
import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order run hands tests out in when none is asked for, as --dry-run prints it. */
class RunOrderTest {
    @TempDir
    Path suite;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** quick-01 (1 s last time), slow-01 (30 s), never-run-01 (no RESULT), in that TESTLIST order. */
    @BeforeEach
    void aSuiteWithRecordedRuntimes() throws IOException {
        Files.writeString(
                suite.resolve("TESTLIST"),
                "kvmplutotest quick-01 good\nkvmplutotest slow-01 good\nkvmplutotest never-run-01 good\n");
        for (String name : List.of("quick-01", "slow-01", "never-run-01")) {
            Files.createDirectories(suite.resolve(name));
            Files.writeString(suite.resolve(name).resolve("eastinit.sh"), "echo " + name + "\n");
        }
        recordRuntime("quick-01", 1.0);
        recordRuntime("slow-01", 30.0);
    }

    private void recordRuntime(String name, double runtime) throws IOException {
        Path output = Files.createDirectories(suite.resolve(name).resolve("OUTPUT"));
        Instant now = Instant.now();
        ResultFile.write(
                output,
                new TestRecord(name, "good", Result.PASSED, new TreeMap<>(), List.of("east"), now, now, 0, 0, runtime));
    }

    /** The test names of --dry-run's plan, in the order it hands them out. */
    private List<String> plannedOrder(String... args) {
        out.getBuffer().setLength(0);
        String[] all = new String[args.length + 3];
        all[0] = "run";
        all[1] = "--dry-run";
        System.arraycopy(args, 0, all, 2, args.length);
        all[all.length - 1] = suite.toString();
        assertThat(Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all))
                .as(err.toString())
                .isZero();
        return out.toString()
                .lines()
                .filter(l -> l.matches("  \\S+ \\[good\\] .*"))
                .map(l -> l.trim().split(" ")[0])
                .toList();
    }

    @Test
    void severalGroupsHandTheLongestTestsOutFirstByDefaultAndNeverRunTestsBeforeThem() {
        assertThat(plannedOrder("--prefixes", "2")).containsExactly("never-run-01", "slow-01", "quick-01");
        assertThat(plannedOrder("--prefixes", "auto:3")).containsExactly("never-run-01", "slow-01", "quick-01");
    }

    @Test
    void oneGroupKeepsTestlistOrderByDefault() {
        assertThat(plannedOrder()).containsExactly("quick-01", "slow-01", "never-run-01");
        assertThat(plannedOrder("--prefixes", "1")).containsExactly("quick-01", "slow-01", "never-run-01");
    }

    @Test
    void anOrderAskedForIsKeptWhateverTheGroups() {
        assertThat(plannedOrder("--prefixes", "2", "--order", "testlist"))
                .containsExactly("quick-01", "slow-01", "never-run-01");
        assertThat(plannedOrder("--order", "longest")).containsExactly("never-run-01", "slow-01", "quick-01");
    }
}
