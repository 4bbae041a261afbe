package dev.kvmrunner.perf;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.kvmrunner.domain.FileTrees;
import dev.kvmrunner.files.AtomicFiles;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.suite.TestList;
import dev.kvmrunner.suite.TestListEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs a suite at each point of a sweep (mk/perf.sh's successor), each time on a fresh copy of
 * the selected tests, in a fresh {@code kvmrunner run} process: exactly what a user's run at that
 * point costs. A point's measurements go to {@code DIR/points/<id>/point.json} when it ends; a
 * point that has one is not run again, so an interrupted sweep resumes where it stopped. A point
 * that fails records why, and the sweep goes on.
 */
public final class Sweep {
    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final Path suite;
    private final List<String> tests;
    private final Path output;
    private final List<String> runArguments;
    private final PrintStream out;
    private final int autoGroups;
    private Path durationsFrom;
    private List<String> calibrationTests = List.of();

    /**
     * @param suite        the suite directory (where TESTLIST is)
     * @param tests        the selected tests, in TESTLIST order
     * @param output       DIR: the points' measurements, logs and OUTPUT trees
     * @param runArguments further {@code run} options, passed to every point (e.g. --accel tcg)
     * @param autoGroups   the groups a {@code --prefixes auto} point may use
     */
    public Sweep(
            Path suite, List<String> tests, Path output, List<String> runArguments, int autoGroups, PrintStream out) {
        this.autoGroups = autoGroups;
        this.suite = suite;
        this.tests = List.copyOf(tests);
        this.output = output;
        this.runArguments = List.copyOf(runArguments);
        this.out = out;
    }

    /**
     * Seeds each point's copy with the RESULT files of the suite at DIRECTORY, so that a point
     * run with {@code --order longest} knows the tests' durations.
     */
    public Sweep withDurationsFrom(Path directory) {
        this.durationsFrom = directory;
        return this;
    }

    /**
     * Runs TESTS alone (one worker, one group, the point's reset mode) just before each point, so
     * that the point's lower bound charges boots what they cost at that moment ({@link Calibration}).
     */
    public Sweep withCalibration(List<String> tests) {
        this.calibrationTests = List.copyOf(tests);
        return this;
    }

    /** Runs each point that has no result yet; returns every point's result, in POINTS order. */
    public List<PointResult> run(List<SweepPoint> points) throws IOException, InterruptedException {
        List<PointResult> results = new ArrayList<>();
        int index = 0;
        for (SweepPoint point : points) {
            index++;
            Optional<PointResult> done = read(pointFile(point));
            if (done.isPresent()) {
                out.printf(
                        "sweep: point %d of %d, %s: done earlier (%s)%n",
                        index, points.size(), point.id(), summary(done.get()));
                results.add(done.get());
                continue;
            }
            out.printf(
                    "sweep: point %d of %d, %s: running %d tests ...%n",
                    index, points.size(), point.id(), tests.size());
            PointResult result = runPoint(point);
            AtomicFiles.write(pointFile(point), JSON.writeValueAsString(result) + "\n");
            out.printf("sweep: point %d of %d, %s: %s%n", index, points.size(), point.id(), summary(result));
            results.add(result);
        }
        return results;
    }

    private static String summary(PointResult r) {
        if (!r.ok()) {
            return "failed: " + r.error();
        }
        return String.format(
                java.util.Locale.ROOT, "%s, %d of %d failed", Tables.minutes(r.wallSeconds()), r.failures(), r.tests());
    }

    Path pointDirectory(SweepPoint point) {
        return output.resolve("points").resolve(point.id());
    }

    private Path pointFile(SweepPoint point) {
        return pointDirectory(point).resolve("point.json");
    }

    static Optional<PointResult> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), PointResult.class));
        } catch (IOException e) {
            return Optional.empty(); // half-written by a killed sweep: run it again
        }
    }

    private PointResult runPoint(SweepPoint point) throws IOException, InterruptedException {
        Path directory = pointDirectory(point);
        if (Files.exists(directory)) {
            FileTrees.deleteRecursively(directory); // what an interrupted attempt left
        }
        Calibration calibration =
                calibrationTests.isEmpty() ? null : calibrate(point, directory.resolve("calibration"));
        Path copy = directory.resolve("suite");
        Files.createDirectories(copy);
        copySuite(copy, tests);
        Path events = directory.resolve("events.jsonl");
        List<String> command = runCommand(point.workers(), point.prefixes(), point.reset(), events);
        if (point.prefixes().equals("auto")) {
            for (String prefix : dev.kvmrunner.config.RunSettings.generatedPrefixes(autoGroups)) {
                command.addAll(List.of("--prefix", prefix));
            }
        }
        command.addAll(runArguments);
        command.add(copy.toString());
        CpuCounters before = CpuCounters.now();
        int status = runToEnd(command, directory.resolve("run.log"));
        CpuCounters after = CpuCounters.now();
        double wall = (after.nanos() - before.nanos()) / 1e9;
        String error = status == 0 || status == 1
                ? ""
                : "kvmrunner run exited with status " + status + " (see " + directory.resolve("run.log") + ")";
        return measure(
                point,
                copy,
                events,
                wall,
                status,
                error,
                before.pressureUntil(after),
                before.busyUntil(after),
                calibration);
    }

    /**
     * The calibration run before POINT: the calibration tests, serially, in DIRECTORY. Null (and a
     * line saying why) when it broke or no boot ran alone; the point's bound then falls back to
     * the sweep's.
     */
    private Calibration calibrate(SweepPoint point, Path directory) throws IOException, InterruptedException {
        Path copy = directory.resolve("suite");
        Files.createDirectories(copy);
        copySuite(copy, calibrationTests);
        Path events = directory.resolve("events.jsonl");
        List<String> command = runCommand("1", "1", point.reset(), events);
        command.addAll(runArguments);
        command.add(copy.toString());
        int status = runToEnd(command, directory.resolve("run.log"));
        Optional<Calibration> calibration = status == 0 || status == 1
                ? Calibration.of(calibrationTests, BootTimes.read(events))
                : Optional.empty();
        if (calibration.isEmpty()) {
            out.printf(
                    "sweep: %s: the calibration run measured no lone boot (exit status %d, see %s); "
                            + "the point's bound uses the sweep's boot costs%n",
                    point.id(), status, directory.resolve("run.log"));
        }
        return calibration.orElse(null);
    }

    /** A {@code kvmrunner run} of a whole copy: every test in it, whatever its kind and status. */
    private static List<String> runCommand(String workers, String prefixes, String reset, Path events) {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of(
                "run",
                "--no-progress",
                "--test-kind",
                "",
                "--test-status",
                "",
                "--workers",
                workers,
                "--prefixes",
                prefixes,
                "--reset",
                reset,
                "--events",
                events.toString()));
        return command;
    }

    private static int runToEnd(List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroy(); // the run stops cleanly on SIGTERM; the point stays unfinished
            throw e;
        }
    }

    /** The same Java and class path as this process: each point is a fresh, separate run. */
    private static List<String> javaCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.kvmrunner.cli.Main");
    }

    /**
     * Copies the suite without OUTPUT/ and BACKUP/ trees, with only the selected tests' directories
     * and a TESTLIST that lists only them (in their order).
     */
    private void copySuite(Path copy, List<String> wanted) throws IOException {
        Set<String> selected = new LinkedHashSet<>(wanted);
        List<String> testlist = Files.readAllLines(suite.resolve("TESTLIST"), StandardCharsets.UTF_8);
        Map<Integer, String> entryLines = new HashMap<>();
        for (TestListEntry entry :
                TestList.parse(suite.resolve("TESTLIST"), testlist).entries()) {
            entryLines.put(entry.line(), entry.name());
        }
        Set<String> allTests = new java.util.HashSet<>(entryLines.values());
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < testlist.size(); i++) {
            String name = entryLines.get(i + 1);
            if (name == null || selected.contains(name)) {
                kept.add(testlist.get(i)); // comments, blank lines and the selected tests' entries
            }
        }
        try (Stream<Path> entries = Files.list(suite)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (name.equals("OUTPUT")
                        || name.equals("BACKUP")
                        || name.equals("TESTLIST")
                        || (allTests.contains(name) && !selected.contains(name))) {
                    continue;
                }
                copyTree(entry, copy.resolve(name));
            }
        }
        Files.write(copy.resolve("TESTLIST"), kept, StandardCharsets.UTF_8);
        if (durationsFrom != null) {
            for (String test : selected) {
                Path result = durationsFrom.resolve(test).resolve("OUTPUT").resolve(ResultFile.NAME);
                if (Files.isRegularFile(result) && Files.isDirectory(copy.resolve(test))) {
                    Files.createDirectories(copy.resolve(test).resolve("OUTPUT"));
                    Files.copy(result, copy.resolve(test).resolve("OUTPUT").resolve(ResultFile.NAME));
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        Files.createDirectories(to);
        try (Stream<Path> entries = Files.list(from)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.equals("OUTPUT") && !name.equals("BACKUP")) {
                    copyTree(entry, to.resolve(name));
                }
            }
        }
    }

    private PointResult measure(
            SweepPoint point,
            Path copy,
            Path events,
            double wall,
            int status,
            String error,
            double pressure,
            double busy,
            Calibration calibration)
            throws IOException {
        int passed = 0;
        int ran = 0;
        Map<String, Integer> issues = new TreeMap<>();
        Map<String, Double> scripts = new TreeMap<>();
        Map<String, List<String>> hosts = new TreeMap<>();
        for (String test : tests) {
            Optional<TestRecord> record = ResultFile.read(copy.resolve(test).resolve("OUTPUT"));
            if (record.isEmpty()) {
                continue;
            }
            ran++;
            TestRecord r = record.get();
            if (r.result() == Result.PASSED) {
                passed++;
            }
            r.issues().values().forEach(list -> list.forEach(issue -> issues.merge(issue, 1, Integer::sum)));
            scripts.put(test, r.scriptTime());
            hosts.put(test, r.hosts());
        }
        int notRun = tests.size() - ran;
        if (notRun > 0 && error.isEmpty()) {
            issues.merge("not-run", notRun, Integer::sum);
        }
        BootTimes boots = BootTimes.read(events);
        return new PointResult(
                point.id(),
                point.workers(),
                point.prefixes(),
                point.reset(),
                point.repeat(),
                wall,
                status,
                error,
                tests.size(),
                passed,
                issues,
                boots.count,
                boots.mean(),
                boots.firstAlone,
                boots.againAlone,
                boots.firstTypical(),
                boots.againTypical(),
                medianOrZero(boots.firstCpuAlone),
                medianOrZero(boots.againCpuAlone),
                boots.meanCpu(),
                pressure,
                busy,
                scripts,
                scriptCpu(events),
                hosts,
                mean(boots.firstCpuAll),
                mean(boots.againCpuAll),
                calibration);
    }

    /** Test → the CPU-seconds its guests used while its scripts ran, from the run's events (its last attempt). */
    static Map<String, Double> scriptCpu(Path events) throws IOException {
        Map<String, Double> cpu = new TreeMap<>();
        EventLines.forEach(events, event -> {
            if ("test-finished".equals(event.path("event").asText()) && event.has("script_cpu_seconds")) {
                cpu.put(
                        event.path("test").asText(),
                        event.path("script_cpu_seconds").asDouble());
            }
        });
        return cpu;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    static double medianOrZero(List<Double> values) {
        return values.isEmpty() ? 0 : dev.kvmrunner.load.Median.of(values);
    }

    /** The boot jobs of a run, from its event stream. */
    static final class BootTimes {
        int count;
        double total;
        double firstAlone;
        double againAlone;
        final List<Double> firstAloneAll = new ArrayList<>();
        final List<Double> againAloneAll = new ArrayList<>();
        final List<Double> firstCpuAlone = new ArrayList<>();
        final List<Double> againCpuAlone = new ArrayList<>();
        final List<Double> firstCpuAll = new ArrayList<>();
        final List<Double> againCpuAll = new ArrayList<>();

        double mean() {
            return count == 0 ? 0 : total / count;
        }

        /** The mean CPU-seconds of the boots that reported them; 0 when none did. */
        double meanCpu() {
            return Sweep.mean(java.util.stream.Stream.concat(firstCpuAll.stream(), againCpuAll.stream())
                    .toList());
        }

        /** The median first boot that ran alone; 0 when none did. */
        double firstTypical() {
            return medianOrZero(firstAloneAll);
        }

        double againTypical() {
            return medianOrZero(againAloneAll);
        }

        static BootTimes read(Path events) throws IOException {
            BootTimes times = new BootTimes();
            EventLines.forEach(events, event -> {
                if (!"boot-finished".equals(event.path("event").asText())
                        || !event.path("succeeded").asBoolean()) {
                    return;
                }
                double seconds = event.path("seconds").asDouble();
                times.count++;
                times.total += seconds;
                if (event.has("cpu_seconds")) {
                    (event.path("kind").asText().equals("first") ? times.firstCpuAll : times.againCpuAll)
                            .add(event.path("cpu_seconds").asDouble());
                }
                if (event.path("concurrency").asInt() == 1) {
                    boolean first = event.path("kind").asText().equals("first");
                    if (first) {
                        times.firstAlone = times.firstAlone == 0 ? seconds : Math.min(times.firstAlone, seconds);
                        times.firstAloneAll.add(seconds);
                    } else {
                        times.againAlone = times.againAlone == 0 ? seconds : Math.min(times.againAlone, seconds);
                        times.againAloneAll.add(seconds);
                    }
                    if (event.has("cpu_seconds")) {
                        (first ? times.firstCpuAlone : times.againCpuAlone)
                                .add(event.path("cpu_seconds").asDouble());
                    }
                }
            });
            return times;
        }
    }

    /** The results of every point in DIR that has finished (for tables made again without running). */
    public static List<PointResult> readAll(Path output) throws IOException {
        List<PointResult> all = new ArrayList<>();
        Path points = output.resolve("points");
        if (!Files.isDirectory(points)) {
            return all;
        }
        try (Stream<Path> dirs = Files.list(points)) {
            for (Path dir : (Iterable<Path>) dirs.sorted()::iterator) {
                read(dir.resolve("point.json")).ifPresent(all::add);
            }
        }
        return all;
    }
}
