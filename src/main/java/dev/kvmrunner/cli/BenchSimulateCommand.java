package dev.kvmrunner.cli;

import dev.kvmrunner.admission.MachineRecord;
import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.Environment;
import dev.kvmrunner.config.RunSettings;
import dev.kvmrunner.perf.Simulation;
import dev.kvmrunner.report.WriterOutputStream;
import dev.kvmrunner.runner.Plan;
import dev.kvmrunner.runner.Planner;
import dev.kvmrunner.runner.TestOrder;
import dev.kvmrunner.suite.TestCase;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmrunner bench simulate}: capacity planning on a virtual clock. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Predict a suite's makespan on H machines of C cores with P domain groups each, by replaying the "
                    + "runner's scheduling on a virtual clock over the boot cost recorded on this machine (or given) and each "
                    + "test's durations from its last RESULT. With --from-sweep SWEEP-DIR, take the boot costs and "
                    + "overheads from a bench sweep's serial point instead (the model --against validated). With --against "
                    + "SWEEP-DIR, predict every point of a bench sweep from its serial point's durations and print the error "
                    + "against what was measured."
        })
public final class BenchSimulateCommand implements Callable<Integer> {
    @Mixin
    TestSelectionOptions selection;

    @Option(
            names = "--hosts",
            paramLabel = "H",
            description = "Machines (libvirt hosts), each with its own boot pool (default 1).")
    int hosts = 1;

    @Option(names = "--cores", paramLabel = "C", description = "Cores of each machine (default: this machine's).")
    Integer cores;

    @Option(names = "--prefixes", paramLabel = "P", description = "Domain groups per machine (default 1).")
    int prefixes = 1;

    @Option(names = "--workers", paramLabel = "N|auto", description = "Boot pool size per machine (default 1).")
    String workers = "1";

    @Option(
            names = "--first-boot",
            paramLabel = "SECONDS",
            description = "CPU-seconds of a first boot (default: recorded).")
    Double firstBoot;

    @Option(
            names = "--reset-seconds",
            paramLabel = "SECONDS",
            description = "CPU-seconds of a reboot or snapshot reset (default: recorded, else the first boot's).")
    Double reset;

    @Option(
            names = "--order",
            paramLabel = "testlist|longest",
            description = "The order tests are handed out (default as run's: longest with several groups, testlist"
                    + " with one).")
    TestOrder order;

    @Option(
            names = "--shared-first-boots",
            description = "Replay boots as a backend that shares first boots between groups does (qemu with"
                    + " --reset snapshot and [qemu] share-snapshots, the default): each host boots cold once per"
                    + " machine, its boots in other groups wait for that boot and restore.")
    boolean sharedFirstBoots;

    @Option(
            names = "--run-overhead",
            paramLabel = "SECONDS",
            description = "Seconds a run spends outside its tests (start-up, shutting domains down, reports);"
                    + " default 0, or the sweep's with --from-sweep. --against measures it.")
    Double runOverhead;

    @Option(
            names = "--overhead-per-boot",
            paramLabel = "CPU-SECONDS",
            description = "CPU work each boot brings besides itself and the tests' scripts (the runner's consoles,"
                    + " QEMU's start and exit, guests that wait); it takes cores from the boots only where none is"
                    + " spare. Default 0, or the sweep's with --from-sweep; --against measures it from the sweep's"
                    + " serial point.")
    Double overheadPerBoot;

    @Option(
            names = "--from-sweep",
            paramLabel = "SWEEP-DIR",
            description = "Take the boot costs, the run's and each boot's overhead, whether first boots are shared and"
                    + " the tests' script loads from the serial point of a bench sweep run on this machine (flags"
                    + " given as well win).")
    Path fromSweep;

    @Option(
            names = "--reset",
            paramLabel = "boot|snapshot",
            description = "With --from-sweep: which of the sweep's reset modes to take (needed when it ran both).")
    String resetMode;

    @Option(
            names = "--against",
            paramLabel = "SWEEP-DIR",
            description = "Validate against a bench sweep's measured points.")
    Path against;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintStream out =
                new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
        int machineCores = cores != null ? cores : Runtime.getRuntime().availableProcessors();
        if (hosts < 1 || prefixes < 1 || machineCores < 1) {
            throw new BadInputException("--hosts, --prefixes, --cores: expected 1 or more");
        }
        if ((runOverhead != null && runOverhead < 0) || (overheadPerBoot != null && overheadPerBoot < 0)) {
            throw new BadInputException("--run-overhead, --overhead-per-boot: expected 0 or more");
        }
        if (against != null) {
            return Simulation.validate(against, machineCores, out) ? ExitCodes.OK : ExitCodes.NOT_ALL_PASSED;
        }
        List<TestCase> tests = selection.select().tests();
        if (tests.isEmpty()) {
            throw new BadInputException(
                    "no tests selected (check the paths and --test-kind/--test-status/--test-name)");
        }
        RunSettings settings = RunSettings.resolve(
                new RunSettings.Flags(
                        OptionalInt.of(1), List.of(), Optional.empty(), Optional.empty(), Optional.empty()),
                new Environment(java.util.Map.of()),
                tests.get(0).config());
        Plan plan = Planner.plan(
                tests, settings, Set.of(), order != null ? order : TestOrder.defaultFor(hosts * prefixes > 1), 0);
        Optional<Simulation.Model> model = sweepModel();
        MachineRecord.Entry recorded = MachineRecord.standard().readFirst(plan.backend());
        double first = firstBoot != null
                ? firstBoot
                : model.map(Simulation.Model::firstBoot).orElse(recorded.firstBoot());
        if (!(first > 0)) {
            throw new BadInputException("no boot cost recorded for the " + plan.backend() + " backend on this machine: "
                    + "run the suite or bench boot first, or give --first-boot or --from-sweep");
        }
        double again = reset != null
                ? reset
                : model.isPresent() ? model.get().again() : recorded.again() > 0 ? recorded.again() : first;
        double eachRun = runOverhead != null
                ? runOverhead
                : model.map(Simulation.Model::runOverhead).orElse(0.0);
        double eachBoot = overheadPerBoot != null
                ? overheadPerBoot
                : model.map(Simulation.Model::overheadPerBoot).orElse(0.0);
        boolean shared = sharedFirstBoots
                || model.map(Simulation.Model::sharedFirstBoots).orElse(false);
        boolean auto = workers.equals("auto");
        int pool;
        try {
            pool = auto ? 1 : Integer.parseInt(workers);
        } catch (NumberFormatException e) {
            throw new BadInputException("--workers " + workers + ": expected a number or auto");
        }
        // the cores each test's guests kept busy while its scripts ran, as runs here recorded
        java.util.Map<String, Double> scriptLoads =
                new java.util.TreeMap<>(MachineRecord.standard().scriptLoadsFirst(plan.backend()));
        model.ifPresent(m -> scriptLoads.putAll(m.scriptCores())); // the sweep's measure of the tests it ran
        Simulation.Outcome outcome = Simulation.predict(
                plan.tests(),
                hosts,
                machineCores,
                prefixes,
                pool,
                auto,
                first,
                again,
                shared,
                eachRun,
                scriptLoads,
                eachBoot);
        model.ifPresent(m -> out.printf(
                Locale.ROOT,
                "boot costs and overheads from %s, point %s (--reset %s, measured on %d cores): %.1f s of start-up"
                        + " and shutdown, %s%n",
                fromSweep,
                m.serialPoint(),
                m.reset(),
                m.cores(),
                m.runOverhead(),
                m.firstBoots()));
        out.printf(
                Locale.ROOT,
                "%d tests (%d without a recorded RESULT, given the median), %d machine%s of %d cores, %d groups "
                        + "each, %s boot workers each; a first boot costs %.2f CPU-seconds, a reset %.2f; %d tests' "
                        + "scripts keep cores busy as recorded, the others only wait; %.2f CPU-seconds per boot "
                        + "besides%n",
                tests.size(),
                outcome.missing(),
                hosts,
                hosts == 1 ? "" : "s",
                machineCores,
                prefixes,
                workers,
                first,
                again,
                tests.stream().filter(t -> scriptLoads.containsKey(t.name())).count(),
                eachBoot);
        out.printf(
                Locale.ROOT,
                "predicted makespan: %s (%.1f s); %d boots, %.0f CPU-seconds of booting%n",
                dev.kvmrunner.perf.Tables.minutes(outcome.prediction().makespan()),
                outcome.prediction().makespan(),
                outcome.prediction().boots(),
                outcome.prediction().bootCpuSeconds());
        return ExitCodes.OK;
    }

    /** The model of --from-sweep's sweep for --reset; empty without --from-sweep. */
    private Optional<Simulation.Model> sweepModel() throws java.io.IOException {
        if (fromSweep == null) {
            if (resetMode != null) {
                throw new BadInputException("--reset " + resetMode + ": only with --from-sweep");
            }
            return Optional.empty();
        }
        if (!java.nio.file.Files.isDirectory(fromSweep.resolve("points"))) {
            throw new BadInputException("--from-sweep " + fromSweep + ": no bench sweep there (no points/ directory)");
        }
        // the sweep ran here: its overheads are measured against this machine's cores
        java.util.Map<String, Simulation.Model> models =
                Simulation.models(fromSweep, Runtime.getRuntime().availableProcessors());
        if (models.isEmpty()) {
            throw new BadInputException("--from-sweep " + fromSweep
                    + ": the sweep has no finished serial point (workers 1, prefixes 1) with a boot that ran alone");
        }
        if (resetMode == null) {
            if (models.size() > 1) {
                throw new BadInputException("--from-sweep " + fromSweep + " ran --reset "
                        + String.join(" and ", models.keySet()) + ": say which with --reset");
            }
            return Optional.of(models.values().iterator().next());
        }
        Simulation.Model model = models.get(resetMode);
        if (model == null) {
            throw new BadInputException("--reset " + resetMode + ": the sweep in " + fromSweep
                    + " has a serial point for --reset " + String.join(", ", models.keySet()) + " only");
        }
        return Optional.of(model);
    }
}
