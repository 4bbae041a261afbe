package dev.kvmrunner.report;

import dev.kvmrunner.runner.Plan;
import dev.kvmrunner.runner.PlannedTest;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Prints a plan without running it ({@code run --dry-run}). */
public final class PlanPrinter {
    private PlanPrinter() {}

    public static void print(Plan plan, PrintStream out) {
        out.println("backend: " + plan.backend());
        out.println("workers: "
                + (plan.adaptive().workers()
                        ? "auto (" + plan.workers() + " to " + plan.maxWorkers() + ")"
                        : plan.workers()));
        List<String> quoted = new ArrayList<>();
        plan.prefixes().forEach(p -> quoted.add("'" + p + "'"));
        out.println("prefixes: " + String.join(" ", quoted)
                + (plan.adaptive().prefixes() ? " (auto: as many active as the machine sustains)" : ""));
        out.printf(
                "timeouts: boot %ss, command %ss, shutdown %ss (scale %s)%n",
                plan.timeouts().bootTimeout().toMillis() / 1000.0,
                plan.timeouts().commandTimeout().toMillis() / 1000.0,
                plan.timeouts().shutdownTimeout().toMillis() / 1000.0,
                plan.timeouts().scale());
        out.println("boot retries: " + plan.bootRetries());
        if (!plan.skip().isEmpty()) {
            out.println("skip: tests whose previous result is " + plan.skip());
        }
        out.println("tests: " + plan.tests().size());
        for (PlannedTest test : plan.tests()) {
            Set<String> scripts = new LinkedHashSet<>();
            for (PlannedTest.Command c : test.commands()) {
                if (c.host() != null) {
                    scripts.add(c.host() + ":" + c.script());
                }
            }
            out.println("  " + test.name() + " [" + test.status() + "] hosts " + String.join(",", test.hosts())
                    + " scripts " + String.join(",", scripts) + " ("
                    + test.commands().size() + " commands)");
        }
        out.flush();
    }
}
