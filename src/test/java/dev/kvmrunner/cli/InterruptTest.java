package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.domain.ProcessTree;
import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.testing.Await;
import dev.kvmrunner.testing.Slow;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a real runner process: one SIGINT stops cleanly, two stop at once; no child survives. */
@Slow
class InterruptTest {
    @TempDir
    Path suite;

    private final List<String> output = new CopyOnWriteArrayList<>();

    @BeforeEach
    void hangingSuite() throws IOException {
        Files.writeString(
                suite.resolve("TESTLIST"),
                "kvmplutotest hang-01 good\nkvmplutotest hang-02 good\nkvmplutotest never-03 good\n");
        for (String test : List.of("hang-01", "hang-02", "never-03")) {
            Files.createDirectories(suite.resolve(test));
            Files.writeString(suite.resolve(test).resolve("eastinit.sh"), "echo start\nsleep 600 &\nsleep 601\n");
            Files.writeString(suite.resolve(test).resolve("westinit.sh"), "sleep 602\n");
        }
    }

    private Process start(String runId) throws IOException {
        return start(runId, List.of(), List.of());
    }

    /** Starts {@code kvmrunner run} on the suite with JVM_OPTIONS and the extra RUN_OPTIONS. */
    private Process start(String runId, List<String> jvmOptions, List<String> runOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "--run-id",
                runId,
                "--prefix",
                "a.",
                "--prefix",
                "b.",
                "--workers",
                "2"));
        command.addAll(runOptions);
        command.add(suite.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(process);
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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
        Await.until(
                "both test workers run scripts",
                Duration.ofSeconds(60),
                () -> output.stream()
                                .filter(l -> l.contains("running script east:eastinit.sh"))
                                .count()
                        >= 2);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** One Ctrl-C: the runner exits within 10 s with exit status 130. */
    private void interruptAndAwaitExitWithinTenSeconds(Process runner) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        interrupt(runner);
        assertThat(runner.waitFor(10, TimeUnit.SECONDS))
                .as(String.join("\n", output))
                .isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(runner.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
    }

    private static void interrupt(Process process) throws IOException, InterruptedException {
        signal(process, "INT");
    }

    private static void signal(Process process, String signal) throws IOException, InterruptedException {
        dev.kvmrunner.testing.Signals.send(process.pid(), signal);
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
        Await.until(
                "the domains' sleeps run",
                Duration.ofSeconds(10),
                () -> ProcessTree.alive(ProcessTree.marked(runId)).size() >= 6);

        interruptAndAwaitExitWithinTenSeconds(runner);
        Await.until(
                "the output is read",
                Duration.ofSeconds(5),
                () -> output.stream().anyMatch(l -> l.startsWith("Tests not run")));
        assertThat(output).contains("Summary: (interrupted)").contains("Tests not run (interrupted): never-03");
        for (String test : List.of("hang-01", "hang-02")) {
            TestRecord record =
                    ResultFile.read(suite.resolve(test).resolve("OUTPUT")).orElseThrow();
            assertThat(record.result().toString()).isEqualTo("unresolved");
            assertThat(record.issues().get("east")).contains("interrupted");
        }
        assertThat(suite.resolve("never-03/OUTPUT")).doesNotExist();
        assertNothingLeft(runId);
    }

    /** A CI system's SIGTERM and a closed terminal's SIGHUP stop the run as Ctrl-C does: exit 130, results intact. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"TERM", "HUP"})
    void sigtermAndSighupStopTheRunLikeTheFirstCtrlC(String signal) throws Exception {
        String runId = "test-" + UUID.randomUUID();
        Process runner = start(runId);
        awaitBothPrefixesRunningScripts();
        Await.until(
                "the domains' sleeps run",
                Duration.ofSeconds(10),
                () -> ProcessTree.alive(ProcessTree.marked(runId)).size() >= 6);

        signal(runner, signal);

        assertThat(runner.waitFor(10, TimeUnit.SECONDS))
                .as(String.join("\n", output))
                .isTrue();
        assertThat(runner.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
        Await.until(
                "the output is read",
                Duration.ofSeconds(5),
                () -> output.stream().anyMatch(l -> l.startsWith("Tests not run")));
        assertThat(output).contains("kvmrunner: SIG" + signal + ": stopping the run (Ctrl-C again to force)");
        for (String test : List.of("hang-01", "hang-02")) {
            TestRecord record =
                    ResultFile.read(suite.resolve(test).resolve("OUTPUT")).orElseThrow();
            assertThat(record.issues().get("east")).contains("interrupted");
            assertThat(suite.resolve(test).resolve("OUTPUT/east.console.txt")).exists();
        }
        assertNothingLeft(runId);
    }

    /** Two runs on one prefix destroyed each other: the second (and an uninstall) is refused at once, naming the first. */
    @Test
    void aSecondRunOrUninstallOnAGroupInUseIsRefusedAndAStaleHoldTakenOver() throws Exception {
        String runId = "test-" + UUID.randomUUID();
        Process first = start(runId);
        awaitBothPrefixesRunningScripts();

        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        long t0 = System.nanoTime();
        int exit = Main.execute(
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true),
                "run",
                "--prefix",
                "b.",
                "--no-progress",
                suite.toString());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString())
                .contains("kvmrunner: domain group 'b.' (process) is in use by run pid " + first.pid() + " (suite "
                        + suite.toRealPath() + ", started ");
        assertThat(out.toString()).doesNotContain("started ....");
        assertThat(suite.resolve("never-03/OUTPUT")).doesNotExist();

        err = new java.io.StringWriter();
        exit = Main.execute(
                new java.io.PrintWriter(new java.io.StringWriter(), true),
                new java.io.PrintWriter(err, true),
                "uninstall",
                "--prefix",
                "a.",
                "--suite",
                suite.toString());
        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("domain group 'a.' (process) is in use by run pid " + first.pid());

        first.destroyForcibly().waitFor();
        Files.writeString(suite.resolve("TESTLIST"), "kvmplutotest never-03 good\n");
        Files.writeString(suite.resolve("never-03").resolve("eastinit.sh"), "true\n");
        Files.writeString(suite.resolve("never-03").resolve("westinit.sh"), "true\n");
        err = new java.io.StringWriter();
        exit = Main.execute(
                new java.io.PrintWriter(new java.io.StringWriter(), true),
                new java.io.PrintWriter(err, true),
                "run",
                "--prefix",
                "b.",
                "--no-progress",
                suite.toString());
        assertThat(exit)
                .as(err.toString())
                .isEqualTo(ExitCodes.NOT_ALL_PASSED); // no expected output: unchecked, not passed
        assertThat(err.toString())
                .contains("domain group 'b.' (process): taking over the stale hold of run pid " + first.pid());
        assertThat(ResultFile.read(suite.resolve("never-03/OUTPUT"))).isPresent();
    }

    /** A second terminal: status shows the run, SIGUSR1 dumps its threads, kill stops it like Ctrl-C. */
    @Test
    void statusShowsTheRunUsr1DumpsThreadsAndKillStopsItCleanly() throws Exception {
        String runId = "test-" + UUID.randomUUID();
        Process runner = start(runId);
        awaitBothPrefixesRunningScripts();

        java.io.StringWriter out = new java.io.StringWriter();
        int exit = Main.execute(
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(new java.io.StringWriter(), true),
                "status",
                suite.toString());
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("run " + runId + " (pid " + runner.pid() + ")")
                .containsPattern("a\\. hang-0[12] for ")
                .containsPattern("b\\. hang-0[12] for ")
                .containsPattern("0/3 passed 0 failed 0 unresolved 0 .* elapsed, ETA");

        signal(runner, "USR1");
        Path debugLog = suite.resolve("kvmrunner.debug.log");
        Await.until(
                "the thread dump is written",
                Duration.ofSeconds(10),
                // the dump is appended thread by thread: wait for both groups' workers, not the first
                () -> read(debugLog).contains("\"a.runner\"") && read(debugLog).contains("\"b.runner\""));
        assertThat(Files.readString(debugLog))
                .contains("SIGUSR1: threads of run " + runId)
                .contains("\"b.runner\"");

        out = new java.io.StringWriter();
        exit = Main.execute(
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(new java.io.StringWriter(), true),
                "kill",
                suite.toString());
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("stopped");
        assertThat(runner.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(suite.resolve("kvmrunner.pid")).doesNotExist();
        assertThat(ResultFile.read(suite.resolve("hang-01/OUTPUT"))
                        .orElseThrow()
                        .issues()
                        .get("east"))
                .contains("interrupted");
        assertThat(ProcessTree.alive(ProcessTree.marked(runId))).isEmpty();
    }

    @Test
    void aStalePidFileOfAKilledRunIsRecognised() throws Exception {
        String runId = "test-" + UUID.randomUUID();
        Process runner = start(runId);
        awaitBothPrefixesRunningScripts();
        runner.destroyForcibly().waitFor();
        assertThat(suite.resolve("kvmrunner.pid")).exists();

        java.io.StringWriter err = new java.io.StringWriter();
        int exit = Main.execute(
                new java.io.PrintWriter(new java.io.StringWriter(), true),
                new java.io.PrintWriter(err, true),
                "status",
                suite.toString());
        assertThat(exit).isEqualTo(ExitCodes.NOT_ALL_PASSED);
        assertThat(err.toString())
                .contains("stale " + suite.resolve("kvmrunner.pid") + ": run " + runId + " (pid " + runner.pid());
        exit = Main.execute(
                new java.io.PrintWriter(new java.io.StringWriter(), true),
                new java.io.PrintWriter(err, true),
                "kill",
                suite.toString());
        assertThat(exit).isEqualTo(ExitCodes.NOT_ALL_PASSED);
        Main.execute(
                new java.io.PrintWriter(new java.io.StringWriter(), true),
                new java.io.PrintWriter(new java.io.StringWriter(), true),
                "uninstall",
                "--all",
                "--suite",
                suite.toString());
    }

    /**
     * Ctrl-C while the domains boot (held by the runner's test pause once they started, before their login: local
     * shells boot in milliseconds): the run ends within 10 s, exit 130, nothing of the run left, no test passed.
     */
    @Test
    void oneSigintDuringBootEndsTheRunWithinTenSeconds() throws Exception {
        Path paused = suite.resolve("boot-paused");
        String runId = "test-" + UUID.randomUUID();
        Process runner = start(runId, List.of("-Dkvmrunner.testing.bootPause=" + paused), List.of());
        Await.until("a domain boots", Duration.ofSeconds(60), () -> Files.exists(paused));

        interruptAndAwaitExitWithinTenSeconds(runner);
        for (String test : List.of("hang-01", "hang-02", "never-03")) {
            java.util.Optional<TestRecord> record =
                    ResultFile.read(suite.resolve(test).resolve("OUTPUT"));
            assertThat(record.map(r -> r.result().toString())).as(test).isNotEqualTo(java.util.Optional.of("passed"));
        }
        assertNothingLeft(runId);
    }

    /** Ctrl-C while a sanitizer loops forever: the run still ends within 10 s, the test interrupted, no sed left. */
    @Test
    void oneSigintDuringJudgingEndsTheRunWithinTenSeconds() throws Exception {
        Files.writeString(suite.resolve("TESTLIST"), "kvmplutotest judged-01 good\n");
        Files.createDirectories(suite.resolve("judged-01"));
        Files.writeString(suite.resolve("judged-01/eastinit.sh"), "echo judged\n");
        Files.writeString(suite.resolve("loop.sed"), ":a\nba\n");
        Files.writeString(
                suite.resolve("kvmrunner.toml"), "hosts = [\"east\", \"west\"]\nsanitizers = [\"loop.sed\"]\n");
        String runId = "test-" + UUID.randomUUID();
        Process runner = start(runId);
        // the loop runs in the JVM's sed interpreter (or in a sed process): wait for the runner to say judging began
        Path debugLog = suite.resolve("judged-01/OUTPUT/debug.log");
        Await.until(
                "judging starts",
                Duration.ofSeconds(60),
                () -> Files.exists(debugLog) && read(debugLog).contains("judging: sanitizing the transcripts"));

        interruptAndAwaitExitWithinTenSeconds(runner);
        TestRecord record = ResultFile.read(suite.resolve("judged-01/OUTPUT")).orElseThrow();
        assertThat(record.result().toString()).isEqualTo("unresolved");
        assertThat(record.issues().get("east")).contains("interrupted").doesNotContain("passed");
        Await.until(
                "no sanitizer is left",
                Duration.ofSeconds(5),
                () -> ProcessHandle.allProcesses()
                        .noneMatch(p -> p.info()
                                .arguments()
                                .map(a -> String.join(" ", a)
                                        .contains(suite.resolve("loop.sed").toString()))
                                .orElse(false)));
        assertNothingLeft(runId);
    }

    /**
     * Ctrl-C while {@code run --junit --html} writes its reports, held (by the runner's test pause) after the
     * JUnit file and the HTML copies, just before index.html: the run still ends within 10 s with exit 130, the
     * finished test's RESULT and the JUnit file stay whole, the half-made HTML directory is removed again, no
     * temporary file and nothing of the run is left.
     */
    @Test
    void oneSigintDuringReportWritingEndsTheRunWithinTenSecondsAndLeavesNoHalfWrittenReport() throws Exception {
        Files.writeString(suite.resolve("TESTLIST"), "kvmplutotest reported-01 good\n");
        Files.createDirectories(suite.resolve("reported-01"));
        Files.writeString(suite.resolve("reported-01/eastinit.sh"), "echo reported\n");
        Files.writeString(suite.resolve("reported-01/westinit.sh"), "true\n");
        Path junit = suite.resolve("reports/junit.xml");
        Path html = suite.resolve("reports/html");
        Path paused = suite.resolve("report-paused");
        String runId = "test-" + UUID.randomUUID();
        Process runner = start(
                runId,
                List.of("-Dkvmrunner.testing.reportPause=" + paused),
                List.of("--junit", junit.toString(), "--html", html.toString()));
        Await.until("the reports are being written", Duration.ofSeconds(60), () -> Files.exists(paused));
        assertThat(html.resolve("output"))
                .as("the HTML report's copies are made")
                .isDirectory();

        interruptAndAwaitExitWithinTenSeconds(runner);
        Await.until(
                "the output is read",
                Duration.ofSeconds(5),
                () -> output.stream().anyMatch(l -> l.contains("interrupted while writing the reports")));
        TestRecord record = ResultFile.read(suite.resolve("reported-01/OUTPUT")).orElseThrow();
        assertThat(record.issues().values()).noneMatch(issues -> issues.contains("interrupted"));
        assertThat(dev.kvmrunner.testing.StoppedRunFiles.junitTestCases(junit)).isEqualTo(1);
        assertThat(html).doesNotExist();
        assertThat(dev.kvmrunner.testing.StoppedRunFiles.temporaryFiles(suite)).isEmpty();
        assertNothingLeft(runId);
    }

    /**
     * A finished run leaves nothing in the temporary folder: no work directory, and no pty4j native-library
     * directory (pty4j unpacked one per JVM and never removed it). Only the documented hold files stay.
     */
    @Test
    void aRunLeavesNothingInTheTemporaryFolder(@TempDir Path tmp) throws Exception {
        Files.writeString(suite.resolve("TESTLIST"), "kvmplutotest never-03 good\n");
        Files.writeString(suite.resolve("never-03").resolve("eastinit.sh"), "true\n");
        Files.writeString(suite.resolve("never-03").resolve("westinit.sh"), "true\n");
        Path folder = Files.createDirectory(tmp.resolve("tmp"));
        String runId = "test-" + UUID.randomUUID();
        for (int run = 0; run < 2; run++) { // the second reuses what the first unpacked
            Process runner = start(runId, List.of("-Djava.io.tmpdir=" + folder), List.of());
            assertThat(runner.waitFor(60, TimeUnit.SECONDS))
                    .as(String.join("\n", output))
                    .isTrue();
            assertThat(runner.exitValue()).as(String.join("\n", output)).isEqualTo(ExitCodes.NOT_ALL_PASSED);
            try (var left = Files.list(folder)) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .as("left in the temporary folder")
                        .allMatch(name -> name.equals("kvmrunner-holds"));
            }
        }
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
        Await.until(
                "no process of the run is left",
                Duration.ofSeconds(5),
                () -> ProcessTree.alive(ProcessTree.marked(runId)).isEmpty());
        assertThat(workDirectories(runId)).isEmpty();
    }

    /** No process of run RUN_ID is alive and its work directory is gone. */
    private static void assertNothingLeft(String runId) throws IOException {
        assertThat(ProcessTree.alive(ProcessTree.marked(runId))).isEmpty();
        assertThat(workDirectories(runId)).isEmpty();
    }

    /**
     * Starts a run whose domains leave a nohup'ed process behind and kills the runner with
     * SIGKILL; returns the run id. The pty's hang-up ends ordinary processes, a nohup'ed one stays.
     */
    private String runnerKilledWithLeftovers() throws Exception {
        for (String test : List.of("hang-01", "hang-02")) {
            Files.writeString(
                    suite.resolve(test).resolve("eastinit.sh"), "nohup sleep 603 > /dev/null 2>&1 &\nsleep 601\n");
        }
        String runId = "test-" + UUID.randomUUID();
        Process runner = start(runId);
        awaitBothPrefixesRunningScripts();
        Await.until(
                "the domains' sleeps run",
                Duration.ofSeconds(10),
                () -> ProcessTree.alive(ProcessTree.marked(runId)).size() >= 6);
        runner.destroyForcibly().waitFor();
        Await.until(
                "a nohup sleep outlives the runner",
                Duration.ofSeconds(10),
                () -> !ProcessTree.alive(ProcessTree.marked(runId)).isEmpty());
        assertThat(workDirectories(runId)).hasSize(1);
        return runId;
    }

    /** The run's work directories in the temporary folder ({@code kvmrunner-<run id>-*}). */
    static List<Path> workDirectories(String runId) throws IOException {
        try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("kvmrunner-" + runId + "-"))
                    .toList();
        }
    }

    @Test
    void theNextRunRemovesWhatARunnerKilledWithSigkillLeftBehind() throws Exception {
        String runId = runnerKilledWithLeftovers();

        Files.writeString(suite.resolve("TESTLIST"), "kvmplutotest never-03 good\n");
        Files.writeString(suite.resolve("never-03").resolve("eastinit.sh"), "true\n");
        Files.writeString(suite.resolve("never-03").resolve("westinit.sh"), "true\n");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        Main.execute(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), "run", suite.toString());
        assertThat(err.toString())
                .contains("processes left by a killed run")
                .contains("work directories left by a killed run");
        Await.until(
                "the leftovers are gone",
                Duration.ofSeconds(5),
                () -> ProcessTree.alive(ProcessTree.marked(runId)).isEmpty());
        assertThat(workDirectories(runId)).isEmpty();
    }

    @Test
    void uninstallAllRemovesWhatARunnerKilledWithSigkillLeftBehind() throws Exception {
        String runId = runnerKilledWithLeftovers();

        java.io.StringWriter out = new java.io.StringWriter();
        int exit = Main.execute(
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(new java.io.StringWriter(), true),
                "uninstall",
                "--all",
                "--suite",
                suite.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("processes left by a killed run");
        Await.until(
                "the leftovers are gone",
                Duration.ofSeconds(5),
                () -> ProcessTree.alive(ProcessTree.marked(runId)).isEmpty());
        assertThat(workDirectories(runId)).isEmpty();
    }
}
