package dev.kvmrunner.runner;

import dev.kvmrunner.console.Console;
import dev.kvmrunner.console.ConsoleClosedException;
import dev.kvmrunner.console.ConsoleException;
import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.console.ConsoleTimeoutException;
import dev.kvmrunner.console.DirectoryUpload;
import dev.kvmrunner.console.ShellQuote;
import dev.kvmrunner.admission.BootSample;
import dev.kvmrunner.domain.AfterLogin;
import dev.kvmrunner.domain.BootException;
import dev.kvmrunner.domain.CopiesTestDirectory;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainGroup;
import dev.kvmrunner.judge.Issue;
import dev.kvmrunner.judge.Markers;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.judge.Verdict;
import dev.kvmrunner.results.OutputDirectory;
import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * One per prefix: takes the next test, shuts down the group's domains the test does not use,
 * has the boot pool boot-and-login the ones it uses, runs the scripts on their consoles,
 * then judges and writes OUTPUT/RESULT.
 */
final class TestWorker implements Runnable {
    private final String prefix;
    private final DomainGroup group;
    private final TestQueue queue;
    private final BootPool pool;
    private final Plan plan;
    private final TestJudge judge;
    private final EventBus events;
    private final RunContext context;
    private final Runner.RunClock clock;
    private final Summary summary;
    private final String backupStamp;
    private final Messages workerMessages;
    private final Admission admission;
    private final Timeouts timeouts;
    /** Hosts of this group booted before: their next boot is a reboot or a reset, timed apart. */
    private final Set<String> bootedBefore = new HashSet<>();

    TestWorker(String prefix, DomainGroup group, TestQueue queue, BootPool pool, Plan plan, TestJudge judge,
               EventBus events, RunContext context, Runner.RunClock clock, Summary summary, String backupStamp,
               Admission admission, Timeouts timeouts) {
        this.prefix = prefix;
        this.group = group;
        this.queue = queue;
        this.pool = pool;
        this.plan = plan;
        this.judge = judge;
        this.events = events;
        this.context = context;
        this.clock = clock;
        this.summary = summary;
        this.backupStamp = backupStamp;
        this.workerMessages = new Messages(events, clock, prefix, null, null);
        this.admission = admission;
        this.timeouts = timeouts;
    }

    @Override
    public void run() {
        try {
            while (!context.cancelled()) {
                if (!takeGroupSlot()) {
                    break;
                }
                try {
                    TestQueue.Numbered next = queue.take();
                    if (next == null) {
                        break;
                    }
                    try {
                        runTest(next);
                    } catch (IOException | RuntimeException e) {
                        recordRunnerFailure(next.test(), e);
                    }
                } finally {
                    admission.groupSlots().release();
                }
            }
        } finally {
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
                + (running.isEmpty() ? "" : "; shutting down " + names(running)));
        for (Domain domain : running) {
            try {
                pool.submit(() -> {
                    domain.shutdown(timeouts.shutdownTimeout());
                    return null;
                }).get();
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
            log.info("****** " + counted + " skipped (previously " + previous.get().result() + ") ******");
            summary.addSkipped();
            events.publish(new RunEvent.TestFinished(clock.runTime(), prefix, test, previous.get(), true));
            return;
        }

        Path moved = OutputDirectory.prepare(output, test.backupDirectory().resolve(backupStamp), test.name());
        events.publish(new RunEvent.TestStarted(clock.runTime(), prefix, test, numbered.index(), numbered.total()));
        log.info("****** " + counted + " started" + previous.map(p -> " (previously " + p.result() + ")").orElse("") + " ....");
        if (moved != null) {
            log.info("moved previous OUTPUT to " + moved);
        }
        Instant start = Instant.now();
        long t0 = System.nanoTime();

        Map<String, Set<Issue>> runnerIssues = new TreeMap<>();
        int bootAttempts = 0;
        int attempts = 1;
        String firstFailure = null;
        double bootTime = 0;
        double scriptTime = 0;
        boolean interrupted;
        while (true) {
            long b0 = System.nanoTime();
            Map<String, Console> consoles = boot(test, output, log, runnerIssues);
            bootAttempts++;
            int bootsThisAttempt = 1;
            while (bootFailed(runnerIssues) && bootsThisAttempt <= plan.bootRetries() && !context.cancelled()) {
                // a domain that did not come up is the infrastructure's fault: try the whole group again
                closeConsoles(consoles);
                bootsThisAttempt++;
                bootAttempts++;
                log.warning("boot failed on " + String.join(" ", runnerIssues.keySet()) + "; booting the test's domains again (attempt "
                        + bootsThisAttempt + " of " + (plan.bootRetries() + 1) + ")");
                runnerIssues.clear();
                consoles = boot(test, output, log, runnerIssues);
            }
            bootTime += seconds(System.nanoTime() - b0);

            long s0 = System.nanoTime();
            interrupted = context.cancelled();
            if (runnerIssues.isEmpty() && !interrupted) {
                interrupted = !runScripts(test, output, consoles, log, runnerIssues);
            }
            closeConsoles(consoles);
            scriptTime += seconds(System.nanoTime() - s0);
            if (interrupted || context.cancelled() || bootFailed(runnerIssues) || !infrastructureFault(runnerIssues)
                    || attempts > plan.bootRetries()) {
                break;
            }
            // a domain that died or hung is the infrastructure's fault, not the test's: power-cycle and run the test again
            String fault = issuesText(runnerIssues);
            if (firstFailure == null) {
                firstFailure = fault;
            }
            attempts++;
            log.warning("infrastructure fault (" + fault + "); power-cycling the test's domains and running it again (attempt "
                    + attempts + " of " + (plan.bootRetries() + 1) + ")");
            powerOff(test, log);
            OutputDirectory.keepAttempt(output, attempts - 1);
            runnerIssues.clear();
        }
        log.debug("judging: sanitizing the transcripts and comparing them with the expected output");
        Verdict verdict = judgeSafely(test, output, log);
        if (interrupted || context.cancelled()) { // also a cancel that came while judging
            for (String host : test.hosts()) {
                runnerIssues.computeIfAbsent(host, h -> new HashSet<>()).add(Issue.INTERRUPTED);
            }
        }
        for (Map.Entry<String, Set<Issue>> host : runnerIssues.entrySet()) {
            Verdict.Builder amended = verdict.toBuilder();
            host.getValue().forEach(issue -> amended.issue(host.getKey(), issue));
            // a boot failure or an interrupt says nothing about the test itself: never passed or failed
            verdict = (verdict.result() == Result.UNTESTED ? amended : amended.unresolved()).build();
        }
        TestRecord record = new TestRecord(test.name(), test.status(), verdict.result(), new TreeMap<>(verdict.issues().toMap()),
                test.hosts(), start, Instant.now(), round(bootTime), round(scriptTime), round(seconds(System.nanoTime() - t0)),
                bootAttempts, attempts, firstFailure);
        ResultFile.write(output, record);
        summary.add(record);
        String issues = record.issuesText();
        log.info("****** " + counted + " " + record.result() + (issues.isEmpty() ? "" : " " + issues) + " ******");
        events.publish(new RunEvent.TestFinished(clock.runTime(), prefix, test, record, false));
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
        TestRecord record = new TestRecord(test.name(), test.status(), Result.UNRESOLVED, new TreeMap<>(issues), test.hosts(),
                now, now, 0, 0, 0, 0);
        try {
            ResultFile.write(test.outputDirectory(), record);
        } catch (IOException | RuntimeException again) {
            log.error("cannot write " + test.outputDirectory().resolve(ResultFile.NAME) + ": " + again.getMessage());
        }
        summary.add(record);
        events.publish(new RunEvent.TestFinished(clock.runTime(), prefix, test, record, false));
        if (e instanceof IOException) {
            // a full disk or an OUTPUT that cannot be written fails every later test too: stop cleanly now
            log.error("cannot write the output of " + test.name() + " (" + e.getMessage() + "); stopping the run");
            summary.markStorageFailed();
            context.cancel();
        }
    }

    private static boolean infrastructureFault(Map<String, Set<Issue>> runnerIssues) {
        return runnerIssues.values().stream().flatMap(Set::stream).anyMatch(Issue::infrastructure);
    }

    private static String issuesText(Map<String, Set<Issue>> runnerIssues) {
        return runnerIssues.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue().stream().map(Issue::label).sorted().collect(Collectors.joining(",")))
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

    private static boolean bootFailed(Map<String, Set<Issue>> runnerIssues) {
        for (Set<Issue> issues : runnerIssues.values()) {
            if (issues.contains(Issue.BOOT_FAILED)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Judges the test, also when the run was cancelled: an interrupted test still gets its
     * console.txt and diffs. A cancel that lands during judging (it interrupts this thread once)
     * aborts that attempt; the judge runs again with the interrupt cleared, which is quick because
     * judging is bounded (see {@code Differ}), and after a cancel a watchdog ends judging that
     * still takes too long (a looping sanitizer); a second Ctrl-C exits the JVM anyway. A judge that
     * breaks (a full disk, a vanished OUTPUT) leaves the test unresolved with runner-failed, not
     * the run; a failing sanitizer is the judge's own verdict (sanitizer-failed).
     */
    private Verdict judgeSafely(PlannedTest test, Path output, Messages log) {
        Thread.interrupted(); // a cancel during the scripts must not abort judging
        Issue unjudged = Issue.RUNNER_FAILED;
        while (true) {
            // after a cancel, judging is bounded in time (a sanitizer may loop): Ctrl-C ends a run in seconds
            Thread watchdog = context.cancelled() ? watchdog(Thread.currentThread(), timeouts.judgingAfterCancel()) : null;
            try {
                return judge.judge(test, output);
            } catch (IOException | RuntimeException e) {
                log.error("judging failed: " + e.getMessage());
                break;
            } catch (InterruptedException e) {
                if (watchdog != null || !context.cancelled()) {
                    log.error("judging interrupted" + (watchdog != null ? " after " + timeouts.judgingAfterCancel().toSeconds()
                            + " s: the run was cancelled" : ""));
                    unjudged = Issue.INTERRUPTED;
                    break;
                }
                log.info("run cancelled while judging; judging once more to save the output");
            } finally {
                if (watchdog != null) {
                    watchdog.interrupt();
                }
                if (context.cancelled()) {
                    Thread.interrupted(); // the cancel's (or a late watchdog's) interrupt is handled here
                }
            }
        }
        Verdict.Builder verdict = Verdict.builder(test.hosts()).passed().unresolved();
        Issue issue = unjudged;
        test.hosts().forEach(host -> verdict.issue(host, issue));
        return verdict.build();
    }

    /** A daemon that interrupts WORKER after LIMIT unless it is interrupted first. */
    private static Thread watchdog(Thread worker, Duration limit) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
                worker.interrupt();
            } catch (InterruptedException e) {
                // judging finished in time
            }
        }, "judging watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    /** Shuts down unused domains and boots the test's; returns the consoles of those that came up. */
    private Map<String, Console> boot(PlannedTest test, Path output, Messages log, Map<String, Set<Issue>> runnerIssues) {
        long t0 = System.nanoTime();
        log.info(pool.pending() + " shutdown/reboot jobs ahead of us in the queue");
        List<Domain> unused = group.runningExcept(test.hosts());
        List<Future<?>> shutdowns = new ArrayList<>();
        if (!unused.isEmpty()) {
            log.info("submitting shutdown jobs for unused domains: " + names(unused));
            for (Domain domain : unused) {
                shutdowns.add(pool.submit(() -> {
                    domain.shutdown(timeouts.shutdownTimeout());
                    return null;
                }));
            }
        }
        List<Domain> used = test.hosts().stream().map(group::domain).collect(Collectors.toList());
        log.info("submitting boot-and-login jobs for test domains: " + names(used));
        Map<String, Future<Console>> boots = new LinkedHashMap<>();
        for (Domain domain : used) {
            BootSample.Kind kind = bootedBefore.add(domain.name().host()) ? BootSample.Kind.FIRST : BootSample.Kind.AGAIN;
            boots.put(domain.name().host(), pool.submitBoot(kind, () -> bootAndLogin(domain, test, output)));
        }
        log.info("submitted " + (shutdowns.size() + boots.size()) + " jobs; currently " + pool.pending() + " jobs pending");

        for (Future<?> shutdown : shutdowns) {
            try {
                shutdown.get();
            } catch (ExecutionException e) {
                log.warning("shutdown failed: " + e.getCause().getMessage());
            } catch (InterruptedException | CancellationException e) {
                break;
            }
        }
        Map<String, Console> consoles = new LinkedHashMap<>();
        for (Map.Entry<String, Future<Console>> boot : boots.entrySet()) {
            String host = boot.getKey();
            try {
                consoles.put(host, boot.getValue().get());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (context.cancelled()) {
                    runnerIssues.computeIfAbsent(host, h -> new HashSet<>()).add(Issue.INTERRUPTED);
                } else {
                    log.error(prefix + host + ": boot failed: " + cause.getMessage());
                    runnerIssues.computeIfAbsent(host, h -> new HashSet<>()).add(Issue.BOOT_FAILED);
                }
            } catch (InterruptedException | CancellationException e) {
                runnerIssues.computeIfAbsent(host, h -> new HashSet<>()).add(Issue.INTERRUPTED);
                boots.values().forEach(f -> f.cancel(true));
                break;
            }
        }
        if (runnerIssues.isEmpty()) {
            log.info(String.format("domains started after %.1f seconds", seconds(System.nanoTime() - t0)));
        }
        return consoles;
    }

    private Console bootAndLogin(Domain domain, PlannedTest test, Path output) throws BootException, InterruptedException {
        Duration timeout = admission.stretched(timeouts.bootTimeout());
        ConsoleStream stream = domain.boot(timeout);
        Console console = new Console(domain.name().toString(), stream);
        context.closeOnCancel(console);
        String host = domain.name().host();
        try {
            console.transcribeTo(output.resolve(host + ".console.boot.txt"));
            if (domain.credentials().isPresent()) {
                console.login(domain.credentials().get(), timeout);
            }
            console.sync(host, timeout);
            if (domain instanceof AfterLogin afterLogin) {
                afterLogin.afterLogin(console, timeout); // e.g. qemu: save a snapshot of the logged-in domain
            }
            String directory = domain.pathOf(test.directory());
            if (domain instanceof CopiesTestDirectory copies && copies.needsCopy(test.directory())) {
                directory = copies.guestDirectoryFor(test.directory());
                DirectoryUpload.copy(console, test.directory(), directory, admission.stretched(timeouts.commandTimeout()));
            }
            int status = console.run("cd " + ShellQuote.quote(directory), admission.stretched(timeouts.commandTimeout()));
            if (status != 0) {
                throw new BootException(domain.name() + " cannot enter the test directory " + test.directory());
            }
            console.closeTranscript();
            return console;
        } catch (ConsoleException e) {
            console.close();
            throw new BootException(domain.name() + ": " + e.getMessage() + "; console showed: " + e.recentOutput(), e);
        } catch (IOException e) {
            console.close();
            throw new BootException(domain.name() + ": " + e.getMessage(), e);
        }
    }

    /** Runs every command; returns false when the run was interrupted. */
    private boolean runScripts(PlannedTest test, Path output, Map<String, Console> consoles, Messages log,
                               Map<String, Set<Issue>> runnerIssues) {
        try {
            for (Map.Entry<String, Console> entry : consoles.entrySet()) {
                entry.getValue().transcribeTo(output.resolve(entry.getKey() + ".console.verbose.txt"));
            }
        } catch (IOException e) {
            log.error("cannot write transcripts in " + output + ": " + e.getMessage());
            return true;
        }
        Set<String> started = new HashSet<>();
        Map<String, String> scriptOnHost = new TreeMap<>();
        for (PlannedTest.Command command : test.commands()) {
            if (command.host() == null) {
                continue; // a comment line of an all.*.sh file
            }
            if (context.cancelled()) {
                return false;
            }
            Console console = consoles.get(command.host());
            if (!command.script().equals(scriptOnHost.put(command.host(), command.script()))) {
                console.mark(Markers.cut(command.script()));
            }
            if (started.add(command.host() + ":" + command.script())) {
                log.info("running script " + command.host() + ":" + command.script());
            }
            log.debug("[" + command.script() + "]# " + command.line());
            try {
                int status = console.run(command.line(), admission.stretched(timeouts.commandTimeout()));
                if (status != 0) {
                    log.debug("command '" + command.line() + "' exited with status " + status);
                }
            } catch (ConsoleTimeoutException e) {
                String marker = Markers.TIMEOUT + " " + command.host() + ":" + command.script();
                log.warning("*** " + marker + " *** (" + admission.commandTimedOut() + ")");
                console.mark(Markers.timeout(command.host(), command.script()));
                consoles.values().forEach(c -> c.mark(Markers.DONE));
                // only now, with the transcripts complete: does the domain still answer at all?
                Issue fault = probe(console, e.recentOutput());
                if (fault != null) {
                    log.error(prefix + command.host() + " does not answer (" + fault + ") during " + command.script()
                            + "; last output: " + e.recentOutput());
                    runnerIssues.computeIfAbsent(command.host(), h -> new HashSet<>()).add(fault);
                }
                return true;
            } catch (ConsoleClosedException e) {
                if (context.cancelled()) {
                    return false;
                }
                log.error("console of " + prefix + command.host() + " closed during " + command.script() + " (the domain died); last output: " + e.recentOutput());
                console.closeTranscript();
                boolean panic = panicked(e.recentOutput()) || panicked(tail(output.resolve(command.host() + ".console.verbose.txt")));
                runnerIssues.computeIfAbsent(command.host(), h -> new HashSet<>()).add(panic ? Issue.KERNEL_PANIC : Issue.DOMAIN_DIED);
                return true; // no DONE marker: the judge reports the output as truncated
            } catch (InterruptedException e) {
                return false;
            }
        }
        consoles.values().forEach(c -> c.mark(Markers.DONE));
        return true;
    }

    /**
     * After a command timed out: a live domain answers Ctrl-C with a prompt (the test's timeout,
     * null); one that does not answer hung, or died, or panicked: the infrastructure's fault
     * (domain-hung, domain-died) or the kernel's (kernel-panic). The transcript is closed first so
     * that the probe does not change what the judge sees.
     */
    private Issue probe(Console console, String recentOutput) {
        if (panicked(recentOutput)) {
            return Issue.KERNEL_PANIC;
        }
        console.closeTranscript();
        try {
            console.sendQuietly("\u0003");
            console.awaitPrompt(timeouts.probe());
            return null;
        } catch (ConsoleTimeoutException e) {
            return panicked(e.recentOutput()) ? Issue.KERNEL_PANIC : Issue.DOMAIN_HUNG;
        } catch (ConsoleClosedException e) {
            return panicked(e.recentOutput()) ? Issue.KERNEL_PANIC : Issue.DOMAIN_DIED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The last 64 KiB of a transcript ("" when unreadable): a panic message may be followed by pages of trace. */
    private static String tail(Path transcript) {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(transcript.toFile(), "r")) {
            long start = Math.max(0, file.length() - 65536);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean panicked(String output) {
        return output != null && output.contains("Kernel panic");
    }

    private void closeConsoles(Map<String, Console> consoles) {
        for (Console console : consoles.values()) {
            console.closeTranscript();
            context.forget(console);
            console.close();
        }
    }

    private static String names(List<Domain> domains) {
        return domains.stream().map(d -> d.name().toString()).collect(Collectors.joining(" "));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
