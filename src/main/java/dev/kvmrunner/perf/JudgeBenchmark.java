package dev.kvmrunner.perf;

import dev.kvmrunner.judge.Markers;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.results.ResultTarget;
import dev.kvmrunner.results.ResultsJudge;
import dev.kvmrunner.results.ResultsLoader;
import dev.kvmrunner.suite.TestFilter;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kvmrunner bench judge}: how many tests per second {@code results} judges. Generates a
 * suite of N tests with OUTPUT directories (2 or 3 hosts each, transcripts of about 120 lines
 * with dates, process ids, prompts and cut-out sections) and a realistic sanitizer pipeline
 * (six sed scripts and one awk script per host, as libreswan's REF_CONSOLE_FIXUPS run a
 * dozen), then judges it twice in one process: sequentially (one test at a time, hosts one
 * after the other: how kvmresults.py works) on a sample, and in parallel on every test.
 */
public final class JudgeBenchmark {

    /** What one measurement found. */
    public record Measurement(String name, int jobs, int tests, Duration elapsed, Map<Result, Integer> results) {
        public double testsPerSecond() {
            return tests / (elapsed.toNanos() / 1e9);
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%-10s jobs=%d: %d tests in %.2f s = %.1f tests/s %s",
                    name,
                    jobs,
                    tests,
                    elapsed.toNanos() / 1e9,
                    testsPerSecond(),
                    results);
        }
    }

    private JudgeBenchmark() {}

    /** Judges TARGETS with JOBS jobs and counts the results. */
    public static Measurement measure(String name, List<ResultTarget> targets, int jobs) throws InterruptedException {
        Map<Result, Integer> results = new EnumMap<>(Result.class);
        long start = System.nanoTime();
        try (ResultsJudge judge = new ResultsJudge(
                new ResultsJudge.Options(jobs, false, false, Optional.empty(), Timeouts.DEFAULTS.sanitizerTimeout()))) {
            judge.judgeAll(targets, judged -> results.merge(judged.verdict().result(), 1, Integer::sum));
        }
        return new Measurement(name, jobs, targets.size(), Duration.ofNanos(System.nanoTime() - start), results);
    }

    /** The generated suite's tests, each with its own OUTPUT. */
    public static List<ResultTarget> load(Path suite) {
        return new ResultsLoader(suite, TestFilter.of("", "", ""), Optional.empty())
                .load(List.of(suite.toString()))
                .targets();
    }

    // ---- the generated suite ----

    private static final String[] HOSTS = {"east", "west", "road"};

    private static final Map<String, String> SANITIZERS = Map.of(
            "cutout.sed",
                    String.join(
                            "\n",
                            "# drop what the runner cut out, and the runner's markers",
                            "/^>>>>>>>>>>cutnonzeroexit>>>>>>>>>>/,/^<<<<<<<<<<tuc<<<<<<<<<</d",
                            "/^>>>>>>>>>>cut>>>>>>>>>>/d",
                            ""),
            "prompt.sed",
                    String.join(
                            "\n",
                            "# [root@east tests]# cmd -> east # cmd",
                            "s/^\\[root@\\([a-z]*\\) [^]]*\\]# /\\1 # /",
                            "s/^\\[root@\\([a-z]*\\) [^]]*\\]# *$/\\1 #/",
                            ""),
            "dates.sed",
                    String.join(
                            "\n",
                            "s/[A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] [A-Z]* [0-9]\\{4\\}/DATE/g",
                            "s/[0-9]\\{4\\}-[0-9][0-9]-[0-9][0-9][ T][0-9][0-9]:[0-9][0-9]:[0-9][0-9]\\(\\.[0-9]*\\)\\?/TIMESTAMP/g",
                            ""),
            "ipsec-look.sed",
                    String.join(
                            "\n",
                            "s/spi 0x[0-9a-f]\\{8\\}/spi 0xSPISPI/g",
                            "s/reqid [0-9]\\+/reqid REQID/g",
                            "s/bytes=[0-9]\\+/bytes=NNN/g",
                            "s/pluto\\[[0-9]*\\]/pluto[PID]/g",
                            ""),
            "kern-list-fixups.sed", String.join("\n", "/^audit: /d", "/^\\[ *[0-9]*\\.[0-9]*\\] /d", "s/  *$//", ""),
            "host-ping-fixup.sed",
                    String.join(
                            "\n",
                            "s/time=[0-9.]* ms/time=XXX ms/g",
                            "s/rtt min\\/avg\\/max\\/mdev = .*/rtt min\\/avg\\/max\\/mdev = X/",
                            ""),
            "pids.awk",
                    String.join(
                            "\n",
                            "# renumber process ids in order of appearance",
                            "{",
                            "  while (match($0, /pid=[0-9]+/)) {",
                            "    id = substr($0, RSTART + 4, RLENGTH - 4)",
                            "    if (!(id in seen)) seen[id] = ++n",
                            "    $0 = substr($0, 1, RSTART - 1) \"PID#\" seen[id] substr($0, RSTART + RLENGTH)",
                            "  }",
                            "  print",
                            "}",
                            ""));

    private static final List<String> PIPELINE = List.of(
            "cutout.sed",
            "prompt.sed",
            "dates.sed",
            "ipsec-look.sed",
            "kern-list-fixups.sed",
            "host-ping-fixup.sed",
            "pids.awk");

    /**
     * Writes a suite of TESTS tests with their OUTPUT into DIRECTORY: every 25th test's output
     * differs from the expected output, every 50th is truncated.
     */
    public static Path generate(Path directory, int tests) throws IOException, InterruptedException {
        Path suite = Files.createDirectories(directory.resolve("suite"));
        Files.createDirectories(suite.resolve("sanitizers"));
        for (Map.Entry<String, String> script : SANITIZERS.entrySet()) {
            Files.writeString(suite.resolve("sanitizers").resolve(script.getKey()), script.getValue());
        }
        StringBuilder toml = new StringBuilder("hosts = [\"east\", \"west\", \"road\"]\nsanitizers = [");
        for (int i = 0; i < PIPELINE.size(); i++) {
            toml.append(i > 0 ? ", " : "")
                    .append("\"sanitizers/")
                    .append(PIPELINE.get(i))
                    .append('"');
        }
        Files.writeString(suite.resolve("kvmrunner.toml"), toml.append("]\n").toString());

        // the expected output of each host: its transcript of test 0, sanitized once
        Map<String, String> expected = new java.util.HashMap<>();
        StringBuilder testList = new StringBuilder();
        for (int t = 0; t < tests; t++) {
            String name = String.format(Locale.ROOT, "bench-%04d", t);
            testList.append("kvmplutotest ").append(name).append(" good\n");
            Path test = Files.createDirectories(suite.resolve(name));
            Path output = Files.createDirectories(test.resolve("OUTPUT"));
            int hosts = t % 3 == 0 ? 3 : 2;
            for (int h = 0; h < hosts; h++) {
                String host = HOSTS[h];
                Files.writeString(test.resolve(host + "init.sh"), "ipsec start\n");
                String transcript = transcript(host, t, t % 25 == 24, t % 50 == 49);
                Files.writeString(output.resolve(host + ".console.verbose.txt"), transcript);
                if (!expected.containsKey(host)) {
                    expected.put(host, sanitize(suite, transcript(host, 0, false, false)));
                }
                Files.writeString(test.resolve(host + ".console.txt"), expected.get(host));
            }
            Files.writeString(test.resolve("description.txt"), "generated by kvmrunner bench judge\n");
        }
        Files.writeString(suite.resolve("TESTLIST"), testList.toString());
        return suite;
    }

    private static String sanitize(Path suite, String transcript) throws IOException, InterruptedException {
        Path in = Files.createTempFile("kvmrunner-bench-", ".txt");
        try {
            Files.writeString(in, transcript);
            List<ProcessBuilder> pipeline = new ArrayList<>();
            for (String script : PIPELINE) {
                Path file = suite.resolve("sanitizers").resolve(script);
                pipeline.add(
                        script.endsWith(".awk")
                                ? new ProcessBuilder("gawk", "-f", file.toString())
                                : new ProcessBuilder("sed", "-f", file.toString()));
            }
            pipeline.get(0).redirectInput(in.toFile());
            List<Process> processes = ProcessBuilder.startPipeline(pipeline);
            byte[] out = processes.get(processes.size() - 1).getInputStream().readAllBytes();
            for (Process p : processes) {
                p.waitFor();
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(in);
        }
    }

    /** About 120 lines a libreswan transcript could have, varying where sanitizers clean up. */
    static String transcript(String host, int test, boolean different, boolean truncated) {
        StringBuilder s = new StringBuilder();
        String prompt = "[root@" + host + " " + "bench-" + test + "]# ";
        int pid = 1000 + test * 7;
        for (int step = 0; step < 12; step++) {
            s.append(Markers.cut(host + "init.sh")).append('\n');
            s.append(prompt).append("ipsec auto --status | grep established").append('\n');
            s.append(String.format(Locale.ROOT, "Mon Jan %2d 10:%02d:%02d UTC 2024%n", 1 + test % 28, test % 60, step));
            s.append(String.format(
                    Locale.ROOT,
                    "000 \"westnet-eastnet\" #%d: pid=%d STATE_V2_ESTABLISHED_IKE_SA%n",
                    step,
                    pid + step));
            s.append(String.format(
                    Locale.ROOT,
                    "src 192.0.2.%d dst 192.0.1.254 spi 0x%08x reqid %d bytes=%d%n",
                    step,
                    0x1000000 + test * 31 + step,
                    16384 + step,
                    test * 100));
            s.append(String.format(Locale.ROOT, "[ %d.%06d] audit: kernel noise%n", test, step));
            s.append(String.format(
                    Locale.ROOT, "64 bytes from 192.0.2.254: icmp_seq=%d ttl=64 time=0.%03d ms%n", step, test % 1000));
            s.append(String.format(
                    Locale.ROOT,
                    "2024-01-%02d 10:11:%02d.123456 pluto[%d]: started helper%n",
                    1 + test % 28,
                    step,
                    pid));
            s.append(">>>>>>>>>>cutnonzeroexit>>>>>>>>>> ").append(step).append('\n');
            s.append("noise that is cut out ").append(test).append('\n');
            s.append("<<<<<<<<<<tuc<<<<<<<<<<\n");
            s.append(prompt).append("echo done step ").append(step).append('\n');
            s.append("done step ")
                    .append(different && step == 5 ? "FIVE" : Integer.toString(step))
                    .append('\n');
        }
        s.append(prompt).append('\n');
        if (!truncated) {
            s.append(Markers.DONE).append('\n');
        }
        return s.toString();
    }
}
