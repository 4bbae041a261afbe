package dev.kvmrunner.runner;

import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainGroup;
import dev.kvmrunner.judge.Issue;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.judge.Verdict;
import dev.kvmrunner.results.OutputDirectory;
import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * One per prefix, the seed's loop: take the next test, have the boot pool shut down the group's
 * domains the test does not use and boot-and-login the ones it uses ({@link BootJobs}), wait,
 * run the scripts on their consoles ({@link ScriptRun}), judge ({@link Judging}) and write
 * OUTPUT/RESULT. Retries what is the infrastructure's fault.
 */
final class TestWorker implements Runnable {
    private final String prefix;
    private final DomainGroup group;
    private final TestQueue queue;
    private final Plan plan;
    private final EventBus events;
    private final RunContext context;
    private final Runner.RunClock clock;
    private final Summary summary;
    private final String backupStamp;
    private final Messages workerMessages;
    private final Admission admission;
    private final Timeouts timeouts;
    private final BootJobs boots;
    private final ScriptRun scriptRun;
    private final Judging judging;

    TestWorker(
            String prefix,
            DomainGroup group,
            TestQueue queue,
            BootPool pool,
            Plan plan,
            TestJudge judge,
            EventBus events,
            RunContext context,
            Runner.RunClock clock,
            Summary summary,
            String backupStamp,
            Admission admission,
            Timeouts timeouts) {
        this.prefix = prefix;
        this.group = group;
        this.queue = queue;
        this.plan = plan;
        this.events = events;
        this.context = context;
        this.clock = clock;
        this.summary = summary;
        this.backupStamp = backupStamp;
        this.workerMessages = new Messages(events, clock, prefix, null, null);
        this.admission = admission;
        this.timeouts = timeouts;
        this.boots = new BootJobs(prefix, group, pool, context, admission, timeouts);
        this.scriptRun = new ScriptRun(prefix, context, admission, timeouts);
        this.judging = new Judging(judge, context, timeouts);
    }

    /**
     * Takes tests until none is left. The group keeps its slot from one test to the next and gives
     * it up only when the active groups were cut below the groups holding one: handing it back
     * after every test let a waiting group take it, and the group that lost it shut its domains
     * down (shutdowns take boot slots) while the other booted its own from cold.
     */
    @Override
    public void run() {
        boolean holding = false;
        try {
            while (!context.cancelled()) {
                if (!holding && !takeGroupSlot()) {
                    break;
                }
                holding = true;
                TestQueue.Numbered next = queue.take();
                if (next == null) {
                    break;
                }
                try {
                    runTest(next);
                } catch (IOException | RuntimeException e) {
                    recordRunnerFailure(next.test(), e);
                } finally {
                    queue.finished(next.test());
                }
                holding = !admission.groupSlots().releaseIfOver();
            }
        } finally {
            if (holding) {
                admission.groupSlots().release();
            }
            context.unregister(Thread.currentThread());
            Thread.interrupted(); // a late cancel must not disturb the clean-up that follows
        }
    }

    /**
     * Waits until this group may run a test ({@code --prefixes auto} keeps only as many groups
     * active as the machine sustains). A group that has to wait shuts its domains down first, so
     * that it holds no CPU or memory while it waits. False when the run was interrupted.
     */
    private boolean takeGroupSlot() {
        if (admission.groupSlots().tryAcquire()) {
            return true;
        }
        List<Domain> running = group.runningExcept(List.of());
        workerMessages.info("waiting: " + admission.groupSlots().limit() + " test groups are active"
                + (running.isEmpty() ? "" : "; shutting down " + BootJobs.names(running)));
        for (Domain domain : running) {
            try {
                boots.shutdownJob(domain).get();
            } catch (ExecutionException e) {
                workerMessages.warning("shutdown failed: " + e.getCause().getMessage());
            } catch (InterruptedException | CancellationException e) {
                return false;
            }
        }
        try {
            admission.groupSlots().acquire();
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void runTest(TestQueue.Numbered numbered) throws IOException {
        PlannedTest test = numbered.test();
        Messages log = workerMessages.forTest(test.name());
        String counted = test.name() + " (test " + numbered.index() + " of " + numbered.total() + ")";
        Path output = test.outputDirectory();

        Optional<TestRecord> previous = ResultFile.read(output, log::warning);
        if (previous.isPresent() && plan.skip().contains(previous.get().result())) {
            log.info("****** " + counted + " skipped (previously "
                    + previous.get().result() + ") ******");
            summary.addSkipped();
            events.publish(new RunEvent.TestFinished(clock.runTime(), prefix, test, previous.get(), true, Double.NaN));
            return;
        }

        Path moved = OutputDirectory.prepare(output, test.backupDirectory().resolve(backupStamp), test.name());
        events.publish(new RunEvent.TestStarted(clock.runTime(), prefix, test, numbered.index(), numbered.total()));
        log.info("****** " + counted + " started"
                + previous.map(p -> " (previously " + p.result() + ")").orElse("") + " ....");
        if (moved != null) {
            log.info("moved previous OUTPUT to " + moved);
        }
        Instant start = Instant.now();
        long t0 = System.nanoTime();

        Attempts run = runAttempts(test, output, log);
        queue.measured(test, run.scriptTime(), run.scriptCpu());
        log.debug("judging: sanitizing the transcripts and comparing them with the expected output");
        Verdict verdict = withRunnerIssues(judging.judge(test, output, log), test, run);
        TestRecord record = new TestRecord(
                test.name(),
                test.status(),
                verdict.result(),
                new TreeMap<>(verdict.issues().toMap()),
                test.hosts(),
                start,
                Instant.now(),
                round(run.bootTime()),
                round(run.scriptTime()),
                round(seconds(System.nanoTime() - t0)),
                run.bootAttempts(),
                run.attempts(),
                run.firstFailure());
        ResultFile.write(output, record);
        summary.add(record);
        String issues = record.issuesText();
        log.info("****** " + counted + " " + record.result() + (issues.isEmpty() ? "" : " " + issues) + " ******");
        events.publish(new RunEvent.TestFinished(clock.runTime(), prefix, test, record, false, run.scriptCpu()));
    }

    /**
     * How a test's attempts went: the runner's own issues of the last one by host (boot-failed,
     * domain-died, ...), whether it was interrupted, and what RESULT records about retries.
     */
    private record Attempts(
            Map<String, Issue> issues,
            boolean interrupted,
            int bootAttempts,
            int attempts,
            String firstFailure,
            double bootTime,
            double scriptTime,
            double scriptCpu) {}

    /**
     * Boots the test's domains and runs its scripts; retries what is the infrastructure's fault
     * (a boot failure: boot again; a domain that died or hung: power-cycle and run the test again),
     * never what is the test's.
     */
    private Attempts runAttempts(PlannedTest test, Path output, Messages log) throws IOException {
        int bootAttempts = 0;
        int attempts = 1;
        String firstFailure = null;
        double bootTime = 0;
        double scriptTime = 0;
        double scriptCpu = 0;
        while (true) {
            long b0 = System.nanoTime();
            BootJobs.Booted booted = boots.boot(test, output, log);
            bootAttempts++;
            int bootsThisAttempt = 1;
            while (booted.bootFailed() && bootsThisAttempt <= plan.bootRetries() && !context.cancelled()) {
                // a domain that did not come up is the infrastructure's fault: try the whole group again
                booted.close(context);
                bootsThisAttempt++;
                bootAttempts++;
                log.warning("boot failed on " + String.join(" ", booted.issues().keySet())
                        + "; booting the test's domains again (attempt " + bootsThisAttempt + " of "
                        + (plan.bootRetries() + 1) + ")");
                booted = boots.boot(test, output, log);
            }
            bootTime += seconds(System.nanoTime() - b0);

            long s0 = System.nanoTime();
            boolean interrupted = context.cancelled();
            Map<String, Issue> issues = booted.issues();
            if (issues.isEmpty() && !interrupted) {
                double cpuBefore = booted.cpuSeconds();
                ScriptRun.Outcome scripts;
                // a busy test computes: the boot pool leaves it a core while its scripts run
                try (Admission.Reservation core =
                        queue.busy(test) ? admission.leaveACore(test.name(), log) : Admission.Reservation.NONE) {
                    scripts = scriptRun.run(test, output, booted.consoles(), log);
                }
                interrupted = scripts.interrupted();
                issues = scripts.faults();
                scriptCpu += booted.cpuSeconds() - cpuBefore;
            }
            booted.close(context);
            scriptTime += seconds(System.nanoTime() - s0);
            if (interrupted
                    || context.cancelled()
                    || issues.containsValue(Issue.BOOT_FAILED)
                    || issues.values().stream().noneMatch(Issue::infrastructure)
                    || attempts > plan.bootRetries()) {
                return new Attempts(
                        issues, interrupted, bootAttempts, attempts, firstFailure, bootTime, scriptTime, scriptCpu);
            }
            // a domain that died or hung is the infrastructure's fault, not the test's: power-cycle and run the test
            // again
            String fault = issuesText(issues);
            if (firstFailure == null) {
                firstFailure = fault;
            }
            attempts++;
            log.warning("infrastructure fault (" + fault
                    + "); power-cycling the test's domains and running it again (attempt " + attempts + " of "
                    + (plan.bootRetries() + 1) + ")");
            powerOff(test, log);
            OutputDirectory.keepAttempt(output, attempts - 1);
        }
    }

    /**
     * Adds the runner's own issues to the judge's VERDICT: a boot failure or an interrupt says
     * nothing about the test itself, so such a test is never passed or failed.
     */
    private Verdict withRunnerIssues(Verdict verdict, PlannedTest test, Attempts run) {
        Map<String, Set<Issue>> runnerIssues = new TreeMap<>();
        run.issues()
                .forEach((host, issue) ->
                        runnerIssues.computeIfAbsent(host, h -> new HashSet<>()).add(issue));
        if (run.interrupted() || context.cancelled()) { // also a cancel that came while judging
            for (String host : test.hosts()) {
                runnerIssues.computeIfAbsent(host, h -> new HashSet<>()).add(Issue.INTERRUPTED);
            }
        }
        for (Map.Entry<String, Set<Issue>> host : runnerIssues.entrySet()) {
            Verdict.Builder amended = verdict.toBuilder();
            host.getValue().forEach(issue -> amended.issue(host.getKey(), issue));
            verdict = (verdict.result() == Result.UNTESTED ? amended : amended.unresolved()).build();
        }
        return verdict;
    }

    /**
     * A test on which the runner itself failed (a vanished or unwritable OUTPUT, an internal
     * error) is counted unresolved with {@link Issue#RUNNER_FAILED}, so the run cannot end
     * "all passed"; its RESULT is written when OUTPUT still takes it.
     */
    private void recordRunnerFailure(PlannedTest test, Exception e) {
        Messages log = workerMessages.forTest(test.name());
        log.error("the runner failed on test " + test.name() + ": " + e);
        Map<String, List<String>> issues = new TreeMap<>();
        for (String host : test.hosts().isEmpty() ? List.of("") : test.hosts()) {
            issues.put(host, List.of(Issue.RUNNER_FAILED.label()));
        }
        Instant now = Instant.now();
        TestRecord record = new TestRecord(
                test.name(),
                test.status(),
                Result.UNRESOLVED,
                new TreeMap<>(issues),
                test.hosts(),
                now,
                now,
                0,
                0,
                0,
                0);
        try {
            ResultFile.write(test.outputDirectory(), record);
        } catch (IOException | RuntimeException again) {
            log.error("cannot write " + test.outputDirectory().resolve(ResultFile.NAME) + ": " + again.getMessage());
        }
        summary.add(record);
        events.publish(new RunEvent.TestFinished(clock.runTime(), prefix, test, record, false, Double.NaN));
        if (e instanceof IOException) {
            // a full disk or an OUTPUT that cannot be written fails every later test too: stop cleanly now
            log.error("cannot write the output of " + test.name() + " (" + e.getMessage() + "); stopping the run");
            summary.markStorageFailed();
            context.cancel();
        }
    }

    /** "west:domain-hung": the fault of an attempt, as the log and RESULT's first_failure say it. */
    private static String issuesText(Map<String, Issue> issues) {
        return issues.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue().label())
                .collect(Collectors.joining(" "));
    }

    /** Pulls the power of the test's domains, so the next attempt boots them fresh. */
    private void powerOff(PlannedTest test, Messages log) {
        for (String host : test.hosts()) {
            try {
                group.domain(host).shutdown(timeouts.shutdownTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warning("power-cycling " + prefix + host + ": " + e.getMessage());
            }
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
