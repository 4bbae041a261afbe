package dev.kvmrunner.runner;

import dev.kvmrunner.console.Console;
import dev.kvmrunner.console.ConsoleClosedException;
import dev.kvmrunner.console.ConsoleTimeoutException;
import dev.kvmrunner.judge.Issue;
import dev.kvmrunner.judge.Markers;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs a test's console commands, one line at a time, on the consoles of its booted domains,
 * with the transcripts the judge reads. A command that times out ends the test; whether its
 * domain still answers decides whose fault that was.
 */
final class ScriptRun {
    private final String prefix;
    private final RunContext context;
    private final Admission admission;
    private final Timeouts timeouts;

    ScriptRun(String prefix, RunContext context, Admission admission, Timeouts timeouts) {
        this.prefix = prefix;
        this.context = context;
        this.admission = admission;
        this.timeouts = timeouts;
    }

    /**
     * How the scripts ended: interrupted (the run was cancelled), and the infrastructure's or
     * the kernel's faults by host (domain-died, domain-hung, kernel-panic).
     */
    record Outcome(boolean interrupted, Map<String, Issue> faults) {
        static final Outcome INTERRUPTED = new Outcome(true, Map.of());
        static final Outcome DONE = new Outcome(false, Map.of());

        static Outcome fault(String host, Issue issue) {
            return new Outcome(false, Map.of(host, issue));
        }
    }

    /** Runs every command of TEST on CONSOLES (by host), transcribed into OUTPUT. */
    Outcome run(PlannedTest test, Path output, Map<String, Console> consoles, Messages log) {
        try {
            for (Map.Entry<String, Console> entry : consoles.entrySet()) {
                entry.getValue().transcribeTo(output.resolve(entry.getKey() + ".console.verbose.txt"));
            }
        } catch (IOException e) {
            log.error("cannot write transcripts in " + output + ": " + e.getMessage());
            return Outcome.DONE;
        }
        Set<String> started = new HashSet<>();
        Map<String, String> scriptOnHost = new TreeMap<>();
        for (PlannedTest.Command command : test.commands()) {
            if (command.host() == null) {
                continue; // a comment line of an all.*.sh file
            }
            if (context.cancelled()) {
                return Outcome.INTERRUPTED;
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
                if (fault == null) {
                    return Outcome.DONE;
                }
                log.error(prefix + command.host() + " does not answer (" + fault + ") during " + command.script()
                        + "; last output: " + e.recentOutput());
                return Outcome.fault(command.host(), fault);
            } catch (ConsoleClosedException e) {
                if (context.cancelled()) {
                    return Outcome.INTERRUPTED;
                }
                log.error("console of " + prefix + command.host() + " closed during " + command.script()
                        + " (the domain died); last output: " + e.recentOutput());
                console.closeTranscript();
                boolean panic = panicked(e.recentOutput())
                        || panicked(tail(output.resolve(command.host() + ".console.verbose.txt")));
                // no DONE marker: the judge reports the output as truncated
                return Outcome.fault(command.host(), panic ? Issue.KERNEL_PANIC : Issue.DOMAIN_DIED);
            } catch (InterruptedException e) {
                return Outcome.INTERRUPTED;
            }
        }
        consoles.values().forEach(c -> c.mark(Markers.DONE));
        return Outcome.DONE;
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
        try (RandomAccessFile file = new RandomAccessFile(transcript.toFile(), "r")) {
            long start = Math.max(0, file.length() - 65536);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean panicked(String output) {
        return output != null && output.contains("Kernel panic");
    }
}
