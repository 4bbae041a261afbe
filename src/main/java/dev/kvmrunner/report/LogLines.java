package dev.kvmrunner.report;

import dev.kvmrunner.runner.RunEvent;
import dev.kvmrunner.runner.RunListener;
import java.io.PrintStream;

/**
 * Prints messages as libreswan's runner does:
 * {@code <prefix>runner <test> <run-time>/<test-time>: <message>}, or
 * {@code runner <run-time>: <message>} for the run as a whole.
 */
public final class LogLines implements RunListener {
    private final PrintStream out;
    private final RunEvent.Level threshold;

    public LogLines(PrintStream out, boolean verbose) {
        this.out = out;
        this.threshold = verbose ? RunEvent.Level.DEBUG : RunEvent.Level.INFO;
    }

    @Override
    public void on(RunEvent event) {
        if (event instanceof RunEvent.Message m && m.level().compareTo(threshold) >= 0) {
            out.println(format(m));
            out.flush();
        }
    }

    public static String format(RunEvent.Message m) {
        StringBuilder line = new StringBuilder();
        line.append(m.prefix()).append("runner");
        if (m.test() != null) {
            line.append(' ').append(m.test());
        }
        line.append(' ').append(Durations.format(m.runTime()));
        if (m.testTime() != null) {
            line.append('/').append(Durations.format(m.testTime()));
        }
        line.append(": ");
        if (m.level() == RunEvent.Level.WARNING) {
            line.append("warning: ");
        } else if (m.level() == RunEvent.Level.ERROR) {
            line.append("error: ");
        }
        return line.append(m.text()).toString();
    }
}
