package dev.kvmrunner.report;

import dev.kvmrunner.runner.RunEvent;
import dev.kvmrunner.runner.RunListener;
import java.io.PrintWriter;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Status;

/**
 * On a terminal: the log lines as {@link LogLines} prints them, and below them one progress
 * line ({@link Progress}) kept at the bottom of the screen with JLine's status line. Used
 * instead of LogLines only when the output is a terminal; elsewhere plain log lines only.
 */
public final class TerminalProgress implements RunListener, AutoCloseable {
    private final Terminal terminal;
    private final PrintWriter writer;
    private final Status status;
    private final RunEvent.Level threshold;
    private final Progress progress = new Progress();
    private boolean closed;

    public TerminalProgress(Terminal terminal, boolean verbose) {
        this.terminal = terminal;
        this.writer = terminal.writer();
        // a terminal without rows or columns (script -qc without a tty) cannot keep a status line: plain lines
        this.status = usable(terminal) ? Status.getStatus(terminal) : null;
        this.threshold = verbose ? RunEvent.Level.DEBUG : RunEvent.Level.INFO;
    }

    @Override
    public synchronized void on(RunEvent event) {
        if (closed) {
            return;
        }
        progress.on(event);
        if (event instanceof RunEvent.Message m && m.level().compareTo(threshold) >= 0) {
            writer.println(LogLines.format(m));
        }
        if (event instanceof RunEvent.RunFinished) {
            close();
            return;
        }
        if (status != null) {
            String line = progress.line(event.runTime());
            int width = Math.max(20, terminal.getWidth() - 1);
            status.update(List.of(new AttributedString(line.length() > width ? line.substring(0, width) : line)));
        }
        writer.flush();
    }

    /** True when TERMINAL has room for log lines and a status line below them. */
    static boolean usable(Terminal terminal) {
        try {
            return terminal.getHeight() >= 2 && terminal.getWidth() >= 20;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Removes the progress line; later output goes below the log lines. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (status != null) {
            status.update(List.of());
            status.close();
        }
        writer.flush(); // the terminal stays open: closing it could close the process's stdout
    }
}
