package dev.kvmrunner.judge.sed;

/**
 * A run of a program stopped before its end: its deadline passed, or its thread was
 * interrupted (a Ctrl-C). A script can loop forever ({@code :a;ba}); as a process it would be
 * killed, in the JVM it has to stop itself.
 */
public final class SedStoppedException extends Exception {
    private final boolean interrupted;

    SedStoppedException(boolean interrupted) {
        super(interrupted ? "interrupted" : "deadline passed");
        this.interrupted = interrupted;
    }

    /** True for an interrupt, false for the deadline. */
    public boolean interrupted() {
        return interrupted;
    }
}
