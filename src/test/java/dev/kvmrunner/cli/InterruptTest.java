package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.domain.ProcessTree;
import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a real runner process: one SIGINT stops cleanly, two stop at once; no child survives. */
@Tag("slow")
class InterruptTest {
    @TempDir
    Path suite;

    private final List<String> output = new CopyOnWriteArrayList<>();

    @BeforeEach
    void hangingSuite() throws IOException {
        Files.writeString(suite.resolve("TESTLIST"), "kvmplutotest hang-01 good\nkvmplutotest hang-02 good\nkvmplutotest never-03 good\n");
        for (String test : List.of("hang-01", "hang-02", "never-03")) {
            Files.createDirectories(suite.resolve(test));
            Files.writeString(suite.resolve(test).resolve("eastinit.sh"), "echo start\nsleep 600 &\nsleep 601\n");
            Files.writeString(suite.resolve(test).resolve("westinit.sh"), "sleep 602\n");
        }
    }

    private Process start(String runId) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--run-id", runId, "--prefix", "a.", "--prefix", "b.", "--workers", "2",
                suite.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(process);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private void awaitBothPrefixesRunningScripts() throws InterruptedException {
        Await.until("both test workers run scripts", Duration.ofSeconds(60), () ->
                output.stream().filter(l -> l.contains("running script east:eastinit.sh")).count() >= 2);
    }

    private static void interrupt(Process process) throws IOException, InterruptedException {
        // bash's kill builtin: /usr/bin/kill (procps) is not on every machine
        Process kill = new ProcessBuilder("bash", "-c", "kill -INT \"$1\"", "kill", Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    @org.junit.jupiter.api.AfterEach
    void noRunnerLeft() {
        started.forEach(Process::destroyForcibly);
    }

    private final List<Process> started = new CopyOnWriteArrayList<>();

    @Test
    void oneSigintEndsTheRunCleanlyWithinTenSeconds() throws Exception {
        String runId = "test-" + UUID.randomUUID();
        Process runner = start(runId);
        awaitBothPrefixesRunningScripts();
        // two shells, each with two sleeps
        Await.until("the domains' sleeps run", Duration.ofSeconds(10), () -> ProcessTree.alive(ProcessTree.marked(runId)).size() >= 6);

        long t0 = System.nanoTime();
        interrupt(runner);
        assertThat(runner.waitFor(10, TimeUnit.SECONDS)).as(String.join("\n", output)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));

        assertThat(runner.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
        Await.until("the output is read", Duration.ofSeconds(5), () -> output.stream().anyMatch(l -> l.startsWith("Tests not run")));
        assertThat(output).contains("Summary: (interrupted)").contains("Tests not run (interrupted): never-03");
        for (String test : List.of("hang-01", "hang-02")) {
            TestRecord record = ResultFile.read(suite.resolve(test).resolve("OUTPUT")).orElseThrow();
            assertThat(record.result().toString()).isEqualTo("unresolved");
            assertThat(record.issues().get("east")).contains("interrupted");
        }
        assertThat(suite.resolve("never-03/OUTPUT")).doesNotExist();
        assertThat(ProcessTree.alive(ProcessTree.marked(runId))).isEmpty();
    }

    @Test
    void aSecondSigintExitsAtOnceAndStillKillsTheChildren() throws Exception {
        String runId = "test-" + UUID.randomUUID();
        Process runner = start(runId);
        awaitBothPrefixesRunningScripts();
        interrupt(runner);
        interrupt(runner);
        assertThat(runner.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
        Await.until("no process of the run is left", Duration.ofSeconds(5), () -> ProcessTree.alive(ProcessTree.marked(runId)).isEmpty());
    }

    @Test
    void theNextRunRemovesWhatARunnerKilledWithSigkillLeftBehind() throws Exception {
        // the pty's hang-up ends ordinary processes when the runner dies; one that ignores SIGHUP stays
        for (String test : List.of("hang-01", "hang-02")) {
            Files.writeString(suite.resolve(test).resolve("eastinit.sh"), "nohup sleep 603 > /dev/null 2>&1 &\nsleep 601\n");
        }
        String runId = "test-" + UUID.randomUUID();
        Process runner = start(runId);
        awaitBothPrefixesRunningScripts();
        Await.until("the domains' sleeps run", Duration.ofSeconds(10), () -> ProcessTree.alive(ProcessTree.marked(runId)).size() >= 6);
        runner.destroyForcibly().waitFor();
        Await.until("only the nohup sleeps are left", Duration.ofSeconds(10), () -> ProcessTree.alive(ProcessTree.marked(runId)).size() == 2);

        Files.writeString(suite.resolve("TESTLIST"), "kvmplutotest never-03 good\n");
        Files.writeString(suite.resolve("never-03").resolve("eastinit.sh"), "true\n");
        Files.writeString(suite.resolve("never-03").resolve("westinit.sh"), "true\n");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        Main.execute(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), "run", suite.toString());
        assertThat(err.toString()).contains("processes left by a killed run");
        Await.until("the leftovers are gone", Duration.ofSeconds(5), () -> ProcessTree.alive(ProcessTree.marked(runId)).isEmpty());
    }
}
