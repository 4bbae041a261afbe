package dev.kvmrunner.perf;

import dev.kvmrunner.admission.AdmissionController;
import dev.kvmrunner.runner.PlannedTest;
import dev.kvmrunner.runner.Planner;
import dev.kvmrunner.suite.TestList;
import dev.kvmrunner.suite.TestListEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@code bench simulate}'s work: a prediction, and its validation against a measured sweep. */
public final class Simulation {
    /** How close a prediction must come to the measured makespan to count as validated. */
    public static final double TOLERANCE = 0.15;

    private Simulation() {}

    public record Outcome(Simulator.Prediction prediction, int missing) {}

    public static Outcome predict(
            List<PlannedTest> plan,
            int machines,
            int cores,
            int groups,
            int workers,
            boolean auto,
            double firstBoot,
            double again,
            boolean sharedFirstBoots,
            double runOverhead,
            Map<String, Double> scriptCores,
            double overheadPerBoot) {
        int[] missing = new int[1];
        List<Simulator.SimTest> tests = RecordedTests.of(plan, scriptCores, missing);
        int maxWorkers = Planner.autoMaxWorkers(cores);
        // auto starts where a run with no earlier one to learn from starts
        int startWorkers = auto ? AdmissionController.startingBoots(cores, maxWorkers) : workers;
        Simulator simulator = new Simulator(new Simulator.Machine(
                machines,
                cores,
                groups,
                startWorkers,
                auto,
                maxWorkers,
                firstBoot,
                again,
                sharedFirstBoots,
                runOverhead,
                overheadPerBoot));
        return new Outcome(simulator.run(tests), missing[0]);
    }

    /**
     * The simulator's parameters as a sweep's serial point (1 worker, 1 group) measured them for one
     * reset mode: what {@code --against} validates and {@code --from-sweep} predicts with.
     *
     * @param reset            the sweep's reset mode
     * @param serialPoint      the serial point's id
     * @param firstBoot        a first boot's seconds (the median of those that ran alone)
     * @param again            the same for a reboot or a snapshot reset
     * @param sharedFirstBoots whether the backend shared first boots between groups
     * @param runOverhead      the seconds the serial run spent outside its tests
     * @param scriptCores      test → the cores its guests kept busy while its scripts ran
     * @param overheadPerBoot  the CPU-seconds per boot the machine was busy beyond boots and scripts
     * @param cores            the cores of the machine the sweep ran on
     */
    public record Model(
            String reset,
            String serialPoint,
            double firstBoot,
            double again,
            boolean sharedFirstBoots,
            double runOverhead,
            Map<String, Double> scriptCores,
            double overheadPerBoot,
            int cores) {
        /** How the model's backend made first boots, for a prediction's header. */
        public String firstBoots() {
            return sharedFirstBoots ? "first boots shared between groups" : "each group boots its own";
        }
    }

    /**
     * The model of each reset mode of the sweep in SWEEP_DIR that has a serial point with a boot that
     * ran alone, by reset mode; CORES: the cores the sweep ran on.
     */
    public static Map<String, Model> models(Path sweepDir, int cores) throws IOException {
        List<PointResult> points = Sweep.readAll(sweepDir);
        SweepAnalysis analysis = new SweepAnalysis(points, cores, 1);
        Map<String, Model> models = new TreeMap<>();
        for (String reset : analysis.resets()) {
            Optional<PointResult> serial = serialPoint(points, reset);
            if (serial.isPresent()) {
                model(sweepDir, analysis, serial.get(), cores).ifPresent(model -> models.put(reset, model));
            }
        }
        return models;
    }

    /** The model SERIAL, the sweep's serial point of its reset mode, gives; empty without a lone boot. */
    private static Optional<Model> model(Path sweepDir, SweepAnalysis analysis, PointResult serial, int cores)
            throws IOException {
        Optional<LowerBound> costs = analysis.bound(serial.reset());
        if (costs.isEmpty()) {
            return Optional.empty();
        }
        Path events = sweepDir.resolve("points").resolve(serial.id()).resolve("events.jsonl");
        // what a boot typically takes here (the median of those that ran alone), not the bound's fastest one
        Sweep.BootTimes boots = Sweep.BootTimes.read(events);
        double first = typical(boots.firstTypical(), costs.get().firstBoot());
        double again = typical(boots.againTypical(), first);
        // start-up and shutdown: what the serial run spent outside its tests
        RunSpan span = RunSpan.read(events);
        return Optional.of(new Model(
                serial.reset(),
                serial.id(),
                first,
                again,
                span.sharesFirstBoots(),
                Math.max(0, serial.wallSeconds() - span.testSeconds()),
                scriptCores(serial),
                overheadPerBoot(serial, cores),
                cores));
    }

    private static Optional<PointResult> serialPoint(List<PointResult> points, String reset) {
        return points.stream()
                .filter(p -> p.reset().equals(reset)
                        && p.workers().equals("1")
                        && p.prefixes().equals("1")
                        && p.ok())
                .findFirst();
    }

    /**
     * Predicts every fixed point of the sweep in SWEEP_DIR from the durations its serial point
     * (1 worker, 1 group) recorded and the boot costs its points measured alone, and prints each
     * prediction beside the measured time. True when every prediction is within {@link #TOLERANCE}.
     */
    public static boolean validate(Path sweepDir, int cores, PrintStream out) throws IOException {
        List<PointResult> points = Sweep.readAll(sweepDir);
        SweepAnalysis analysis = new SweepAnalysis(points, cores, 1);
        boolean allWithin = true;
        int compared = 0;
        int within15 = 0;
        for (String reset : analysis.resets()) {
            Optional<PointResult> serial = serialPoint(points, reset);
            Optional<Model> found =
                    serial.isPresent() ? model(sweepDir, analysis, serial.get(), cores) : Optional.empty();
            if (found.isEmpty()) {
                out.println("--reset " + reset
                        + ": no serial point with a boot that ran alone; nothing to validate against");
                continue;
            }
            Model model = found.get();
            Path suite = sweepDir.resolve("points").resolve(model.serialPoint()).resolve("suite");
            List<PlannedTest> plan = planOf(suite, serial.get());
            out.printf(
                    Locale.ROOT,
                    "--reset %s: durations from %s, a first boot %.2f s, a reset %.2f s (medians of the boots "
                            + "that ran alone), %.1f s of start-up and shutdown, %s, %d cores; %s, %.2f CPU-seconds "
                            + "per boot besides the boots and scripts%n",
                    reset,
                    model.serialPoint(),
                    model.firstBoot(),
                    model.again(),
                    model.runOverhead(),
                    model.firstBoots(),
                    cores,
                    model.scriptCores().isEmpty()
                            ? "scripts that only wait (their CPU not measured)"
                            : String.format(
                                    Locale.ROOT,
                                    "scripts that keep %.2f cores busy (median)",
                                    dev.kvmrunner.load.Median.orZero(model.scriptCores().values().stream()
                                            .mapToDouble(Double::doubleValue)
                                            .toArray())),
                    model.overheadPerBoot());
            out.printf(Locale.ROOT, "  %-26s %10s %10s %8s%n", "point", "measured", "predicted", "error");
            for (PointResult p : points) {
                if (!p.reset().equals(reset) || !p.ok()) {
                    continue;
                }
                if (p.prefixes().equals("auto")) {
                    continue; // auto groups follow the machine's load, which the model does not replay
                }
                boolean auto = p.workers().equals("auto");
                int groups = Integer.parseInt(p.prefixes());
                Simulator.Prediction prediction = predict(
                                plan,
                                1,
                                cores,
                                groups,
                                auto ? 1 : Integer.parseInt(p.workers()),
                                auto,
                                model.firstBoot(),
                                model.again(),
                                model.sharedFirstBoots(),
                                model.runOverhead(),
                                model.scriptCores(),
                                model.overheadPerBoot())
                        .prediction();
                double error = (prediction.makespan() - p.wallSeconds()) / p.wallSeconds();
                boolean within = Math.abs(error) <= TOLERANCE;
                allWithin &= within;
                compared++;
                within15 += within ? 1 : 0;
                out.printf(
                        Locale.ROOT,
                        "  %-26s %10s %10s %+7.1f%%%s%n",
                        p.id(),
                        Tables.minutes(p.wallSeconds()),
                        Tables.minutes(prediction.makespan()),
                        error * 100,
                        within ? "" : "  (over " + (int) (TOLERANCE * 100) + "%)");
            }
        }
        out.printf(Locale.ROOT, "%d points compared, %d within %d%%%n", compared, within15, (int) (TOLERANCE * 100));
        return allWithin && compared > 0;
    }

    /** Test → the cores its guests kept busy while its scripts ran in POINT; empty where not measured. */
    static Map<String, Double> scriptCores(PointResult point) {
        Map<String, Double> cores = new TreeMap<>();
        point.scriptCpu().forEach((test, cpu) -> {
            double seconds = point.scriptSeconds().getOrDefault(test, 0.0);
            if (seconds > 0) {
                cores.put(test, cpu / seconds);
            }
        });
        return cores;
    }

    /**
     * The CPU-seconds per boot that POINT's machine was busy beyond its guests' boots and scripts
     * (the runner, QEMU's start and exit in the kernel, guests that waited); 0 where the point
     * did not measure the machine's and its boots' CPU.
     */
    static double overheadPerBoot(PointResult point, int cores) {
        if (Double.isNaN(point.cpuBusy()) || !(point.bootCpu() > 0) || point.boots() == 0) {
            return 0;
        }
        double busy = point.cpuBusy() * cores * point.wallSeconds();
        double scripts = point.scriptCpu().values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        return Math.max(0, (busy - point.boots() * point.bootCpu() - scripts) / point.boots());
    }

    private static double typical(double median, double fallback) {
        return median > 0 ? median : fallback;
    }

    /** The serial point's tests, in its TESTLIST order, with the hosts its RESULTs recorded. */
    private static List<PlannedTest> planOf(Path suite, PointResult serial) throws IOException {
        List<PlannedTest> plan = new ArrayList<>();
        Path testlist = suite.resolve("TESTLIST");
        for (TestListEntry entry :
                TestList.parse(testlist, Files.readAllLines(testlist)).entries()) {
            if (serial.hosts().containsKey(entry.name())) {
                plan.add(new PlannedTest(
                        entry.name(),
                        entry.kind(),
                        entry.status(),
                        suite.resolve(entry.name()),
                        entry.name(),
                        serial.hosts().get(entry.name()),
                        List.of()));
            }
        }
        return plan;
    }
}
