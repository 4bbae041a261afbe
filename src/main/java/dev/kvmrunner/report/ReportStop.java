package dev.kvmrunner.report;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Where report writing may stop: a Ctrl-C that arrives while {@code run --junit/--html} write
 * (after the tests ended) stops them between files, so the run ends within seconds however big
 * the report. A stop that arrived before the writing began does not: those reports describe
 * the interrupted run, and a CI system that sent SIGTERM wants them.
 */
public final class ReportStop {
    /**
     * A file path: the last check before index.html creates it and then waits (at most a minute) for a
     * stop, so that a test can send its Ctrl-C at the report's most half-written moment.
     */
    static final String PAUSE_PROPERTY = "kvmrunner.testing.reportPause";

    public static final ReportStop NEVER = new ReportStop(() -> false);

    private final BooleanSupplier stopRequested;
    private final boolean stoppedBefore;

    private ReportStop(BooleanSupplier stopRequested) {
        this.stopRequested = stopRequested;
        this.stoppedBefore = stopRequested.getAsBoolean();
    }

    /** Checks STOP_REQUESTED from now on: a stop that already arrived does not count. */
    public static ReportStop from(BooleanSupplier stopRequested) {
        return new ReportStop(stopRequested);
    }

    /** Throws if a stop arrived since the writing began. */
    void check() throws InterruptedIOException {
        if (!stoppedBefore && stopRequested.getAsBoolean()) {
            throw new InterruptedIOException("stopped while writing the report");
        }
    }

    /** The check before the report's main file: also the test pause (see {@link #PAUSE_PROPERTY}). */
    void checkBeforeMainFile() throws InterruptedIOException {
        String pause = System.getProperty(PAUSE_PROPERTY);
        if (pause != null && this != NEVER && !stoppedBefore) {
            try {
                Files.writeString(Path.of(pause), "paused\n");
                long end = System.nanoTime() + 60_000_000_000L;
                while (!stopRequested.getAsBoolean() && System.nanoTime() < end) {
                    Thread.sleep(10);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while paused");
            }
        }
        check();
    }
}
