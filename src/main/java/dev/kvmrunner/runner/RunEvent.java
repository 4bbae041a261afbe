package dev.kvmrunner.runner;

import dev.kvmrunner.results.TestRecord;
import java.time.Duration;
import java.time.Instant;

/** Everything the runner tells the world. Listeners turn events into log lines, reports, JSON. */
public sealed interface RunEvent {
    /** Time since the run started. */
    Duration runTime();

    record RunStarted(Duration runTime, Plan plan, Instant at) implements RunEvent {}

    /**
     * A log message. PREFIX is the domain group's prefix ('' for the run as a whole or for a
     * '' group), TEST the test or null, TEST_TIME the time since that test started or null.
     */
    record Message(Duration runTime, Level level, String prefix, String test, Duration testTime, String text)
            implements RunEvent {}

    record TestStarted(Duration runTime, String prefix, PlannedTest test, int index, int total) implements RunEvent {}

    /**
     * A test ended; SKIPPED tests were not run because of their earlier result. SCRIPT_CPU_SECONDS: what the scripts cost the test's guests in CPU time (their domains'
     * {@code cpuSeconds()} after the scripts minus before), NaN where the backend cannot say.
     */
    record TestFinished(
            Duration runTime,
            String prefix,
            PlannedTest test,
            TestRecord record,
            boolean skipped,
            double scriptCpuSeconds)
            implements RunEvent {}

    /**
     * A boot-and-login job ended: KIND is {@code first} (the domain's first boot of the run) or
     * {@code again} (a reboot or snapshot reset), CONCURRENCY the boot jobs running when it
     * started, itself included; CPU_SECONDS what it cost the domain's machine, NaN where the backend
     * cannot tell. What {@code bench sweep} and the lower bound learn boot costs from.
     * WAITING, TESTS_LEFT, HEADROOM and START_UP are what the admission controller was told (see
     * {@code admission.BootSample}), so that a run's boots can be replayed against it.
     */
    record BootFinished(
            Duration runTime,
            String kind,
            double seconds,
            int concurrency,
            boolean succeeded,
            double cpuSeconds,
            int waiting,
            int testsLeft,
            double headroom,
            boolean startUp)
            implements RunEvent {}

    /**
     * The run ended; BACKEND_SETTINGS are what the backend used ({@code Backend.describe()}: qemu's
     * accelerator...), SHARES_FIRST_BOOTS its {@code Backend.sharesFirstBoots()} (what {@code bench
     * simulate} must replay). STOP_REQUESTED answers, whenever asked, whether a stop (Ctrl-C, SIGTERM,
     * SIGHUP, kvmrunner kill) has arrived: report writers ask it between files so that a Ctrl-C while
     * they write ends the run within seconds.
     */
    record RunFinished(
            Duration runTime,
            Summary summary,
            java.util.List<String> backendSettings,
            boolean sharesFirstBoots,
            java.util.function.BooleanSupplier stopRequested)
            implements RunEvent {
        public RunFinished {
            backendSettings = java.util.List.copyOf(backendSettings);
        }

        public RunFinished(Duration runTime, Summary summary) {
            this(runTime, summary, java.util.List.of(), false, () -> false);
        }
    }

    enum Level {
        DEBUG,
        INFO,
        WARNING,
        ERROR
    }
}
