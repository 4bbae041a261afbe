package dev.kvmrunner.cli;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.Environment;
import dev.kvmrunner.config.RunSettings;
import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.domain.Backends;
import dev.kvmrunner.domain.ConfiguredBackend;
import dev.kvmrunner.judge.Judge;
import dev.kvmrunner.judge.SuiteSanitizers;
import dev.kvmrunner.report.DebugLog;
import dev.kvmrunner.report.EventStream;
import dev.kvmrunner.report.LogLines;
import dev.kvmrunner.report.PlanPrinter;
import dev.kvmrunner.report.ReportListener;
import dev.kvmrunner.report.RunFile;
import dev.kvmrunner.report.SummaryPrinter;
import dev.kvmrunner.report.TerminalProgress;
import dev.kvmrunner.report.WriterOutputStream;
import dev.kvmrunner.runner.Plan;
import dev.kvmrunner.runner.Planner;
import dev.kvmrunner.runner.RunListener;
import dev.kvmrunner.runner.RunSession;
import dev.kvmrunner.runner.SanitizingJudge;
import dev.kvmrunner.runner.Summary;
import dev.kvmrunner.runner.TestOrder;
import dev.kvmrunner.suite.Problem;
import dev.kvmrunner.suite.Selection;
import dev.kvmrunner.suite.TestCase;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmrunner run}: plans the selected tests and runs them. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the selected tests: boot their domains, run their scripts, judge the output.",
        footer = {
            "",
            "Environment: KVM_WORKERS (--workers), KVM_PREFIXES or KVM_PREFIX (--prefix, space separated, '' for the empty prefix); "
                    + "each backend's settings (see kvmrunner doctor --settings).",
            "Exit status: 0 all ran tests passed, 1 some did not, 2 bad usage or input (also: a domain group in use by another run), "
                    + "130 interrupted (Ctrl-C, SIGTERM, SIGHUP, kvmrunner kill), " + ExitCodes.INTERNAL_ERROR_FOOTER
        })
public final class RunCommand implements Callable<Integer> {
    @Mixin
    TestSelectionOptions selection;

    @Option(
            names = "--workers",
            paramLabel = "N|auto",
            description =
                    "Boot pool size: domains booted at once, on each machine that holds domain groups (see --prefix P=LOCATION; "
                            + "env KVM_WORKERS; default 1). auto starts at 2, or half the cores where that is more (or where "
                            + "an earlier run settled), and admits another boot while boots keep their unloaded speed, one fewer "
                            + "when they slow down; each change is logged with its reason.")
    String workers;

    @Option(
            names = "--prefixes",
            paramLabel = "COUNT|auto[:MAX]",
            description =
                    "COUNT: that many domain groups, prefixes a. b. c. ...; auto: of the --prefix list (else of MAX, "
                            + "default 2 x cores, made-up prefixes) keep only as many running tests as the machine sustains without "
                            + "slowing them into timeouts, starting from 2 x cores (or where an earlier run settled).")
    String prefixCount;

    @Mixin
    BackendOptions backendOptions;

    @Option(
            names = "--skip",
            paramLabel = "RESULT[,RESULT...]",
            split = ",",
            description = "Skip tests whose previous result is one of these (passed, failed, unresolved, untested).")
    List<String> skip = new ArrayList<>();

    @Option(
            names = "--command-timeout",
            paramLabel = "SECONDS",
            description = "Seconds one console command may take (default: the suite config's, else 120).")
    Double commandTimeout;

    @Option(
            names = "--timeout-scale",
            paramLabel = "FACTOR",
            description = "Multiply every timeout by FACTOR (a slow or loaded machine).")
    Double timeoutScale;

    @Option(
            names = "--order",
            paramLabel = "testlist|longest",
            description =
                    "Hand tests out in TESTLIST order or longest first, by the runtime their last RESULT recorded "
                            + "(tests without one first), so that no slow test runs alone at the end. Default: longest with "
                            + "several prefixes, testlist with one.")
    TestOrder order;

    @Option(
            names = {"--retries", "--boot-retries"},
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Infrastructure faults are the machinery's, not the test's: domains that fail to boot are booted again, "
                            + "and a test whose domain died or hung mid-script runs again on power-cycled domains, up to N times each "
                            + "(default: ${DEFAULT-VALUE}); RESULT records boot_attempts, attempts and first_failure. "
                            + "A test failure is never retried.")
    int bootRetries;

    @Option(
            names = "--output-dir",
            paramLabel = "DIR",
            description =
                    "Write each test's output to DIR/<test> instead of <test>/OUTPUT (a suite that cannot be written).")
    java.nio.file.Path outputDir;

    @Option(
            names = "--backup-directory",
            paramLabel = "DIR",
            description =
                    "Move an earlier OUTPUT to DIR/<date-time>/<test> before a test reruns (default: <suite>/BACKUP).")
    java.nio.file.Path backupDirectory;

    @Option(names = "--dry-run", description = "Print the plan and exit without running anything.")
    boolean dryRun;

    @Option(
            names = {"-v", "--verbose"},
            description = "Also print debug messages (every command sent).")
    boolean verbose;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML to FILE when the run ends.")
    java.nio.file.Path junit;

    @Option(
            names = "--html",
            paramLabel = "DIR",
            description = "Write a self-contained HTML report, DIR/index.html, when the run ends.")
    java.nio.file.Path html;

    @Option(names = "--events", paramLabel = "FILE", description = "Write every runner event to FILE as JSON lines.")
    java.nio.file.Path events;

    @Option(names = "--no-progress", description = "No progress line, even on a terminal.")
    boolean noProgress;

    @Option(names = "--run-id", hidden = true, description = "Mark the run's processes with this id (tests use it).")
    String runId;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintStream out =
                new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
        PrintStream err =
                new PrintStream(new WriterOutputStream(spec.commandLine().getErr()), true);
        Selection selected = selection.select();
        for (Problem warning : selected.warnings()) {
            err.println("kvmrunner: warning: " + warning);
        }
        List<TestCase> tests = selected.tests();
        if (tests.isEmpty()) {
            throw new BadInputException(
                    "no tests selected (check the paths and --test-kind/--test-status/--test-name)");
        }
        RunSettings settings =
                RunSettings.resolve(flags(), Environment.system(), tests.get(0).config());
        if (bootRetries < 0) {
            throw new BadInputException("--retries " + bootRetries + ": expected 0 or more");
        }
        Planner.requireHosts(tests);
        Plan plan = relocated(
                Planner.plan(tests, settings, ResultNames.parse("--skip", skip), TestOrder.TESTLIST, bootRetries));
        // ordered after relocating: --order longest reads the last runtimes where --output-dir put them
        plan = plan.withTests(testOrder(plan).apply(plan.tests()));
        String id = runId != null ? runId : RunSession.newRunId();
        // the backend's settings are read and checked before anything runs, --dry-run included
        ConfiguredBackend configured = Backends.configure(
                plan.backend(),
                BackendSettings.of(id, tests.get(0).config())
                        .with(backendOptions.backendFlags(), settings.locations(), err)
                        .with(plan.timeouts()));
        if (dryRun) {
            PlanPrinter.print(plan, out);
            configured.describe().forEach(line -> out.println("  " + line));
            return ExitCodes.OK;
        }
        SuiteSanitizers sanitizers = new SuiteSanitizers();
        tests.forEach(t -> sanitizers.add(t.directory(), t.config()));
        Backend created = configured.create();
        List<RunListener> listeners = new ArrayList<>();
        listeners.add(Terminals.open(!noProgress)
                .<RunListener>map(t -> new TerminalProgress(t, verbose))
                .orElseGet(() -> new LogLines(out, verbose)));
        listeners.addAll(List.of(new DebugLog(), new SummaryPrinter(out)));
        if (events != null) {
            try {
                listeners.add(new EventStream(events));
            } catch (java.io.IOException e) {
                throw new BadInputException("--events " + events + ": " + e.getMessage(), e);
            }
        }
        if (junit != null || html != null) {
            listeners.add(new ReportListener(Optional.ofNullable(junit), Optional.ofNullable(html), out));
        }
        Summary summary;
        // the pid file for kvmrunner status and kill, and SIGUSR1 thread dumps
        try (RunFile runFile = RunFile.open(tests.get(0).suiteDirectory(), id, err)) {
            listeners.add(runFile);
            summary = RunSession.execute(
                    plan,
                    created,
                    new SanitizingJudge(new Judge(sanitizers, plan.timeouts().sanitizerTimeout())),
                    listeners,
                    id,
                    err);
        }
        if (summary.interrupted() && !summary.storageFailed()) {
            return ExitCodes.INTERRUPTED;
        }
        return summary.allPassed() ? ExitCodes.OK : ExitCodes.NOT_ALL_PASSED;
    }

    /** The plan with --output-dir and --backup-directory applied. */
    private Plan relocated(Plan plan) {
        if (outputDir == null && backupDirectory == null) {
            return plan;
        }
        List<dev.kvmrunner.runner.PlannedTest> moved = new ArrayList<>();
        for (dev.kvmrunner.runner.PlannedTest test : plan.tests()) {
            dev.kvmrunner.runner.PlannedTest t = test;
            if (outputDir != null) {
                t = t.withOutputDirectory(outputDir.toAbsolutePath().resolve(test.name()));
            }
            if (backupDirectory != null) {
                t = t.withBackupDirectory(backupDirectory.toAbsolutePath());
            }
            moved.add(t);
        }
        return plan.withTests(moved);
    }

    private TestOrder testOrder(Plan plan) {
        return order != null ? order : TestOrder.defaultFor(plan.parallel());
    }

    private RunSettings.Flags flags() {
        boolean workersAuto = RunSettings.AUTO.equals(workers);
        OptionalInt count = OptionalInt.empty();
        if (workers != null && !workersAuto) {
            try {
                count = OptionalInt.of(Integer.parseInt(workers.trim()));
            } catch (NumberFormatException e) {
                throw new BadInputException("--workers " + workers + ": expected a whole number of 1 or more, or auto");
            }
        }
        return new RunSettings.Flags(
                count,
                backendOptions.prefixes,
                backendOptions.backend(),
                Optional.ofNullable(commandTimeout).map(s -> Duration.ofMillis(Math.round(s * 1000))),
                Optional.ofNullable(timeoutScale),
                workersAuto,
                Optional.ofNullable(prefixCount));
    }
}
