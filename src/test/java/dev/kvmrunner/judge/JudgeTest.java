package dev.kvmrunner.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.results.SavedOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every classification, through {@link Judge}, on constructed OUTPUT directories (real sed). */
class JudgeTest {

    private static final String CUT = ">>>>>>>>>>cut>>>>>>>>>> ";
    private static final String TUC = " <<<<<<<<<<tuc<<<<<<<<<<";
    private static final String DONE = CUT + "done" + TUC + "\n";

    @TempDir
    Path suite;

    Path test;
    Path output;
    Judge judge;
    ExecutorService pool;

    @BeforeEach
    void setUp() throws IOException {
        test = suite.resolve("basic-01");
        output = test.resolve("OUTPUT");
        Files.createDirectories(output);
        Files.createDirectories(suite.resolve("sanitizers"));
        // drop the runner's markers; hide ping times
        Files.writeString(suite.resolve("sanitizers/console.sed"), "/^>>>>>>>>>>/d\ns/time [0-9][0-9]*ms/time Nms/\n");
        Files.writeString(suite.resolve("sanitizers/broken.sed"), "s/unterminated\n");
        judge = new Judge(
                new ScriptListSanitizerSource(suite, List.of("sanitizers/console.sed")), Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static String transcript(String host, String... lines) {
        StringBuilder s = new StringBuilder(CUT + host + "init.sh" + TUC + "\n");
        for (String line : lines) {
            s.append(line).append('\n');
        }
        return s.toString();
    }

    private static String session(String host) {
        return transcript(
                        host,
                        "[root@" + host + " basic-01]# ping -c 1 192.0.2.254",
                        "1 packets transmitted, time 12ms",
                        "[root@" + host + " basic-01]# false",
                        "[root@" + host + " basic-01 1]# ")
                + DONE;
    }

    private static String expected(String host) {
        return "[root@" + host + " basic-01]# ping -c 1 192.0.2.254\n"
                + "1 packets transmitted, time Nms\n"
                + "[root@" + host + " basic-01]# false\n"
                + "[root@" + host + " basic-01 1]# \n";
    }

    private void ran(String host, String transcript) throws IOException {
        Files.writeString(output.resolve(host + ".console.verbose.txt"), transcript);
    }

    private void expect(String host, String text) throws IOException {
        Files.writeString(test.resolve(host + ".console.txt"), text);
    }

    private Verdict judge(String... hosts) throws Exception {
        return judge(false, hosts);
    }

    private Verdict judge(boolean quick, String... hosts) throws Exception {
        return judge.judge(new JudgeRequest("basic-01", test, "testing/pluto/basic-01", List.of(hosts), output, quick));
    }

    @Test
    void passed() throws Exception {
        for (String host : List.of("east", "west")) {
            ran(host, session(host));
            expect(host, expected(host));
        }
        Verdict verdict = judge("west", "east");
        assertThat(verdict.result()).isEqualTo(Result.PASSED);
        assertThat(verdict.issues().isEmpty()).isTrue();
        assertThat(verdict.diffs()).isEmpty();
        assertThat(verdict.sanitizedOutput("east")).contains(expected("east"));

        SavedOutput.save(verdict, output);
        assertThat(Files.readString(output.resolve("east.console.txt"))).isEqualTo(expected("east"));
        assertThat(output.resolve("west.console.diff")).exists().isEmptyFile();
        try (var files = Files.list(output)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void outputDifferent() throws Exception {
        ran("east", session("east"));
        expect("east", expected("east").replace("# false", "# true"));
        Verdict verdict = judge("east");
        assertThat(verdict.result()).isEqualTo(Result.FAILED);
        assertThat(verdict.issues()).hasToString("east:output-different");
        assertThat(verdict.diff("east"))
                .containsExactly(
                        "--- MASTER/testing/pluto/basic-01/east.console.txt",
                        "+++ OUTPUT/testing/pluto/basic-01/east.console.txt",
                        "@@ -1,4 +1,4 @@",
                        " [root@east basic-01]# ping -c 1 192.0.2.254",
                        " 1 packets transmitted, time Nms",
                        "-[root@east basic-01]# true",
                        "+[root@east basic-01]# false",
                        " [root@east basic-01 1]# ");

        SavedOutput.save(verdict, output);
        assertThat(Files.readAllLines(output.resolve("east.console.diff"))).isEqualTo(verdict.diff("east"));
        assertThat(Files.readString(output.resolve("east.console.diff"))).endsWith(" [root@east basic-01 1]# \n");
    }

    @Test
    void outputWhitespace() throws Exception {
        ran("east", session("east"));
        expect("east", expected("east").replace("ping -c 1", "ping  -c\t1") + "\n\n");
        Verdict verdict = judge("east");
        assertThat(verdict.result()).isEqualTo(Result.FAILED);
        assertThat(verdict.issues()).hasToString("east:output-whitespace");
        assertThat(verdict.diff("east")).isNotEmpty();
    }

    @Test
    void outputUnchecked() throws Exception {
        ran("east", session("east"));
        Verdict verdict = judge("east");
        assertThat(verdict.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(verdict.issues()).hasToString("east:output-unchecked");
        assertThat(verdict.sanitizedOutput("east")).contains(expected("east"));
    }

    @Test
    void outputTruncatedStillComparesTheOutput() throws Exception {
        ran("east", session("east").replace(DONE, ""));
        expect("east", expected("east"));
        ran("west", session("west").replace(DONE, ""));
        expect("west", "something else\n");
        Verdict verdict = judge("east", "west");
        assertThat(verdict.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(verdict.issues()).hasToString("east:output-truncated west:output-different,output-truncated");
    }

    @Test
    void outputMissingOnOneHost() throws Exception {
        ran("east", session("east"));
        expect("east", expected("east"));
        expect("west", expected("west"));
        Verdict verdict = judge("east", "west");
        assertThat(verdict.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(verdict.issues()).hasToString("west:output-missing");
        assertThat(verdict.sanitizedOutputs()).containsOnlyKeys("east");

        SavedOutput.save(verdict, output);
        assertThat(output.resolve("west.console.txt")).doesNotExist();
        assertThat(output.resolve("west.console.diff")).exists().isEmptyFile();
    }

    @Test
    void timeoutFailsTheTest() throws Exception {
        ran(
                "east",
                transcript(
                                "east",
                                "[root@east basic-01]# ping -c 1 192.0.2.254",
                                ">>>>>>>>>> timeout while running test script east:eastinit.sh <<<<<<<<<<")
                        + DONE);
        expect("east", "[root@east basic-01]# ping -c 1 192.0.2.254\n");
        Verdict verdict = judge("east");
        assertThat(verdict.result()).isEqualTo(Result.FAILED);
        assertThat(verdict.issues()).hasToString("east:timeout");
    }

    @Test
    void timeoutWithoutDoneIsUnresolvedWhicheverHostComesFirst() throws Exception {
        ran("east", session("east").replace(DONE, ""));
        expect("east", expected("east"));
        ran(
                "west",
                transcript("west", ">>>>>>>>>> timeout while running test script west:westrun.sh <<<<<<<<<<") + DONE);
        expect("west", "");
        assertThat(judge("east", "west").result()).isEqualTo(Result.UNRESOLVED);
        assertThat(judge("west", "east").result()).isEqualTo(Result.UNRESOLVED);
        assertThat(judge("west").result()).isEqualTo(Result.FAILED);
    }

    @Test
    void untestedWithoutOutputDirectory() throws Exception {
        Verdict verdict = judge.judge(new JudgeRequest(
                "basic-02",
                suite.resolve("basic-02"),
                "basic-02",
                List.of("east"),
                suite.resolve("basic-02/OUTPUT"),
                false));
        assertThat(verdict.result()).isEqualTo(Result.UNTESTED);
        assertThat(verdict.issues().isEmpty()).isTrue();
        SavedOutput.save(verdict, suite.resolve("basic-02/OUTPUT"));
        assertThat(suite.resolve("basic-02/OUTPUT")).doesNotExist();
    }

    @Test
    void sanitizerFailed() throws Exception {
        ran("east", session("east"));
        expect("east", expected("east"));
        Judge broken = new Judge(
                new ScriptListSanitizerSource(suite, List.of("sanitizers/broken.sed")), Duration.ofSeconds(30));
        Verdict verdict = broken.judge(new JudgeRequest("basic-01", test, "basic-01", List.of("east"), output, false));
        assertThat(verdict.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(verdict.issues()).hasToString("east:sanitizer-failed");
        assertThat(verdict.sanitizerErrors().get("east")).contains("broken.sed").contains("sed:");
        assertThat(verdict.sanitizedOutputs()).isEmpty();
    }

    @Test
    void sanitizerSourceThatCannotNameScriptsIsSanitizerFailed() throws Exception {
        ran("east", session("east"));
        expect("east", expected("east"));
        Files.writeString(suite.resolve("default-testparams.sh"), "REF_CONSOLE_FIXUPS=missing.sed\n");
        Judge libreswan = new Judge(new LibreswanFixupSource(suite), Duration.ofSeconds(30));
        Verdict verdict =
                libreswan.judge(new JudgeRequest("basic-01", test, "basic-01", List.of("east"), output, false));
        assertThat(verdict.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(verdict.issues()).hasToString("east:sanitizer-failed");
        assertThat(verdict.sanitizerErrors().get("east"))
                .contains(suite.resolve("sanitizers/missing.sed").toString());
    }

    @Test
    void quickReusesTheSanitizedOutput() throws Exception {
        ran("east", session("east"));
        expect("east", expected("east"));
        Files.writeString(output.resolve("east.console.txt"), expected("east").replace("\n", "\r\n"));
        Judge broken = new Judge(
                new ScriptListSanitizerSource(suite, List.of("sanitizers/broken.sed")), Duration.ofSeconds(30));
        JudgeRequest request = new JudgeRequest("basic-01", test, "basic-01", List.of("east"), output, true);
        assertThat(broken.judge(request).result()).isEqualTo(Result.PASSED);
        Files.delete(output.resolve("east.console.txt"));
        assertThat(broken.judge(request).issues()).hasToString("east:sanitizer-failed");
    }

    @Test
    void crashesInTheTranscript() throws Exception {
        ran(
                "east",
                transcript("east", "CORE FOUND", "pluto SEGFAULT", "GPFAULT in kernel", "[  123.456] Call Trace:")
                        + DONE);
        expect("east", "CORE FOUND\npluto SEGFAULT\nGPFAULT in kernel\n[  123.456] Call Trace:\n");
        ran("west", "CORE FOUND at the start of the file does not count\n" + DONE);
        expect("west", "CORE FOUND at the start of the file does not count\n");
        Verdict verdict = judge("east", "west");
        assertThat(verdict.result()).isEqualTo(Result.FAILED);
        assertThat(verdict.issues()).hasToString("east:CORE,GPFAULT,KERNEL,SEGFAULT");
    }

    @Test
    void printfNullAndPlutoLog() throws Exception {
        ran("east", transcript("east", "ipsec whack: (null)") + DONE);
        expect("east", "ipsec whack: (null)\n");
        ran("west", session("west"));
        expect("west", expected("west"));
        Files.writeString(output.resolve("west.pluto.log"), "a line\nEXPECTATION FAILED: x\n");
        Verdict verdict = judge("east", "west");
        assertThat(verdict.result()).isEqualTo(Result.FAILED);
        assertThat(verdict.issues()).hasToString("east:%NULL west:EXPECTATION");

        Files.writeString(output.resolve("east.console.verbose.txt"), session("east"));
        expect("east", expected("east"));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(output.resolve("east.pluto.log.gz")))) {
            out.write("ASSERTION FAILED: here\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(judge("east", "west").issues()).hasToString("east:ASSERTION west:EXPECTATION");
        Files.delete(output.resolve("east.pluto.log.gz"));
        assertThat(judge("east", "west").result()).isEqualTo(Result.PASSED);
    }

    @Test
    void hostsJudgedInParallelGiveTheSameVerdict() throws Exception {
        List<String> hosts = List.of("east", "west", "road", "north", "nic");
        for (String host : hosts) {
            ran(host, host.equals("road") ? session(host).replace(DONE, "") : session(host));
            expect(host, host.equals("north") ? "different\n" : expected(host));
        }
        Verdict sequential = judge(hosts.toArray(String[]::new));
        pool = Executors.newFixedThreadPool(4);
        Judge parallel = new Judge(
                new ScriptListSanitizerSource(suite, List.of("sanitizers/console.sed")), Duration.ofSeconds(30), pool);
        Verdict verdict =
                parallel.judge(new JudgeRequest("basic-01", test, "testing/pluto/basic-01", hosts, output, false));
        assertThat(verdict.result()).isEqualTo(Result.UNRESOLVED).isEqualTo(sequential.result());
        assertThat(verdict.issues())
                .hasToString("north:output-different road:output-truncated")
                .isEqualTo(sequential.issues());
        assertThat(verdict.diffs()).isEqualTo(sequential.diffs());
        assertThat(verdict.sanitizedOutputs().keySet()).containsExactlyElementsOf(hosts);
    }
}
