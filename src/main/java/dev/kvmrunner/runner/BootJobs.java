package dev.kvmrunner.runner;

import dev.kvmrunner.admission.BootSample;
import dev.kvmrunner.console.Console;
import dev.kvmrunner.domain.BootAndLogin;
import dev.kvmrunner.domain.BootOutcome;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainGroup;
import dev.kvmrunner.judge.Issue;
import dev.kvmrunner.timeouts.Timeouts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * A test worker's jobs on the boot pool: shut down the group's domains a test does not use,
 * boot-and-login the ones it uses ({@link BootAndLogin}), and wait for all of them.
 */
final class BootJobs {
    private final String prefix;
    private final DomainGroup group;
    private final BootPool pool;
    private final RunContext context;
    private final Admission admission;
    private final Timeouts timeouts;
    /** Hosts of this group booted before: their next boot is a reboot or a reset, timed apart. */
    private final Set<String> bootedBefore = new HashSet<>();

    BootJobs(
            String prefix,
            DomainGroup group,
            BootPool pool,
            RunContext context,
            Admission admission,
            Timeouts timeouts) {
        this.prefix = prefix;
        this.group = group;
        this.pool = pool;
        this.context = context;
        this.admission = admission;
        this.timeouts = timeouts;
    }

    /**
     * The test's domains, booted: the consoles of those that came up, by host, and the issue of
     * each host that did not (boot-failed, or interrupted when the run was cancelled).
     */
    record Booted(Map<String, Console> consoles, Map<String, Issue> issues, List<Domain> domains) {
        boolean bootFailed() {
            return issues.containsValue(Issue.BOOT_FAILED);
        }

        /**
         * The CPU-seconds the test's domains have used since they started, all together; NaN where a
         * domain cannot say (backends other than qemu). Read before and after the scripts, it is
         * what the scripts cost the guests.
         */
        double cpuSeconds() {
            double total = 0;
            for (Domain domain : domains) {
                java.util.OptionalDouble used = domain.cpuSeconds();
                if (used.isEmpty()) {
                    return Double.NaN;
                }
                total += used.getAsDouble();
            }
            return total;
        }

        /** Closes every console (the domains keep running) and stops the run's cancel from closing them again. */
        void close(RunContext context) {
            for (Console console : consoles.values()) {
                console.closeTranscript();
                context.forget(console);
                console.close();
            }
        }
    }

    /** Shuts down unused domains and boots the test's; returns the consoles of those that came up. */
    Booted boot(PlannedTest test, Path output, Messages log) {
        long t0 = System.nanoTime();
        log.info(pool.pending() + " shutdown/reboot jobs ahead of us in the queue");
        List<Domain> unused = group.runningExcept(test.hosts());
        List<Future<?>> shutdowns = new ArrayList<>();
        if (!unused.isEmpty()) {
            log.info("submitting shutdown jobs for unused domains: " + names(unused));
            for (Domain domain : unused) {
                shutdowns.add(shutdownJob(domain));
            }
        }
        List<Domain> used = test.hosts().stream().map(group::domain).collect(Collectors.toList());
        log.info("submitting boot-and-login jobs for test domains: " + names(used));
        Map<String, Future<BootOutcome>> boots = new LinkedHashMap<>();
        for (Domain domain : used) {
            BootSample.Kind kind =
                    bootedBefore.add(domain.name().host()) ? BootSample.Kind.FIRST : BootSample.Kind.AGAIN;
            String host = domain.name().host();
            boots.put(
                    host,
                    pool.submitBoot(
                            kind,
                            host,
                            () -> bootAndLogin(test, output.resolve(host + ".console.boot.txt"))
                                    .boot(domain)));
        }
        log.info("submitted " + (shutdowns.size() + boots.size()) + " jobs; currently " + pool.pending()
                + " jobs pending");

        for (Future<?> shutdown : shutdowns) {
            try {
                shutdown.get();
            } catch (ExecutionException e) {
                log.warning("shutdown failed: " + e.getCause().getMessage());
            } catch (InterruptedException | CancellationException e) {
                break;
            }
        }
        Booted booted = await(boots, used, log);
        if (booted.issues().isEmpty()) {
            log.info(String.format("domains started after %.1f seconds", (System.nanoTime() - t0) / 1e9));
        }
        return booted;
    }

    /** Shuts DOMAIN down on the boot pool (a shutdown takes a slot, as a boot does). */
    Future<?> shutdownJob(Domain domain) {
        return pool.submit(() -> {
            domain.shutdown(timeouts.shutdownTimeout());
            return null;
        });
    }

    /**
     * The boot-and-login of a test's domain. Made when the job starts, not when it is submitted:
     * the timeouts are stretched by the load of the machine at that moment.
     */
    private BootAndLogin bootAndLogin(PlannedTest test, Path transcript) {
        return BootAndLogin.within(admission.stretched(timeouts.bootTimeout()))
                .transcribedTo(transcript)
                .enteringTestDirectory(test.directory(), admission.stretched(timeouts.commandTimeout()))
                .watchedBy(context::closeOnCancel);
    }

    private Booted await(Map<String, Future<BootOutcome>> boots, List<Domain> domains, Messages log) {
        Map<String, Console> consoles = new LinkedHashMap<>();
        Map<String, Issue> issues = new TreeMap<>();
        for (Map.Entry<String, Future<BootOutcome>> boot : boots.entrySet()) {
            String host = boot.getKey();
            try {
                BootOutcome outcome = boot.getValue().get();
                if (outcome instanceof BootOutcome.Ready ready) {
                    consoles.put(host, ready.console());
                } else if (outcome instanceof BootOutcome.BootFailed failed) {
                    issues.put(host, bootFailed(host, failed.describe(), log));
                }
            } catch (ExecutionException e) {
                issues.put(
                        host, bootFailed(host, e.getCause().getMessage(), log)); // an interrupt, or a bug in a backend
            } catch (InterruptedException | CancellationException e) {
                issues.put(host, Issue.INTERRUPTED);
                boots.values().forEach(f -> f.cancel(true));
                break;
            }
        }
        return new Booted(consoles, issues, domains);
    }

    /** A boot that failed because the run was cancelled is interrupted, not the infrastructure's fault. */
    private Issue bootFailed(String host, String reason, Messages log) {
        if (context.cancelled()) {
            return Issue.INTERRUPTED;
        }
        log.error(prefix + host + ": boot failed: " + reason);
        return Issue.BOOT_FAILED;
    }

    static String names(List<Domain> domains) {
        return domains.stream().map(d -> d.name().toString()).collect(Collectors.joining(" "));
    }
}
