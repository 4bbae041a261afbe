package dev.kvmrunner.runner;

import dev.kvmrunner.config.RunSettings;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.suite.Command;
import dev.kvmrunner.suite.Guest;
import dev.kvmrunner.suite.TestCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns the selected tests and the resolved settings into the immutable plan the runner executes. */
public final class Planner {
    private Planner() {}

    public static Plan plan(List<TestCase> tests, RunSettings settings, Set<Result> skip) {
        return plan(tests, settings, skip, TestOrder.TESTLIST, 0);
    }

    public static Plan plan(
            List<TestCase> tests, RunSettings settings, Set<Result> skip, TestOrder order, int bootRetries) {
        List<PlannedTest> planned = new ArrayList<>(tests.size());
        for (TestCase test : tests) {
            planned.add(plan(test));
        }
        planned = order.apply(planned);
        Plan.Adaptive adaptive = settings.workersAuto() || settings.prefixesAuto()
                ? new Plan.Adaptive(
                        settings.workersAuto(),
                        settings.workersAuto() ? autoMaxWorkers() : settings.workers(),
                        settings.prefixesAuto())
                : Plan.Adaptive.NONE;
        return new Plan(
                planned,
                settings.prefixes(),
                settings.workers(),
                settings.backend(),
                settings.timeouts(),
                skip,
                bootRetries,
                adaptive);
    }

    /**
     * The ceiling of {@code --workers auto}: twice the cores (a boot also waits on its console),
     * at most 8. The controller rarely gets there: boots inflate first.
     */
    static int autoMaxWorkers() {
        return autoMaxWorkers(Runtime.getRuntime().availableProcessors());
    }

    /** The ceiling of {@code --workers auto} on a machine of CORES cores (the simulator's machines). */
    public static int autoMaxWorkers(int cores) {
        return Math.min(8, Math.max(2, 2 * cores));
    }

    /**
     * A test to run needs at least one host: a test directory whose scripts name no host of the
     * suite (no script at all, or only scripts of unknown hosts) is bad input, not a pass.
     */
    public static void requireHosts(List<TestCase> tests) {
        List<String> empty = new ArrayList<>();
        for (TestCase test : tests) {
            if (test.guests().isEmpty()) {
                empty.add(test.directory() + ": no script names a host of the suite (hosts: "
                        + String.join(" ", test.config().hosts()) + ")");
            }
        }
        if (!empty.isEmpty()) {
            throw new dev.kvmrunner.config.BadInputException(String.join("\n", empty));
        }
    }

    static PlannedTest plan(TestCase test) {
        List<String> hosts = new ArrayList<>();
        for (Guest guest : test.guests()) {
            hosts.add(hostOf(guest));
        }
        List<PlannedTest.Command> commands = new ArrayList<>();
        for (Command command : test.commands()) {
            String host = command.guest() == null ? null : hostOf(command.guest());
            commands.add(new PlannedTest.Command(host, command.line(), command.script(), command.lineNumber()));
        }
        return new PlannedTest(
                test.name(),
                test.kind(),
                test.status(),
                test.directory(),
                test.displayDirectory(),
                hosts,
                commands,
                test.suiteDirectory().resolve("BACKUP"),
                test.outputDirectory());
    }

    /**
     * The host a domain plays: the host's own name on Linux (libreswan main's {@code linux}
     * platform; its console files are {@code east.console.txt}), the guest's name on other
     * platforms ({@code netbsdeast}).
     */
    static String hostOf(Guest guest) {
        return guest.platform().isEmpty() || guest.platform().equals("linux") ? guest.host() : guest.name();
    }
}
