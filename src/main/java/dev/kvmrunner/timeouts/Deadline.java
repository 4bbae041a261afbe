package dev.kvmrunner.timeouts;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A point in time a wait must end by, on the monotonic clock: the one place that does the
 * arithmetic of "how long is left" (a deadline of several steps is shared by them all, so a
 * wait of three steps does not take three timeouts).
 */
public final class Deadline {
    private static final Deadline NONE = new Deadline(0, null);

    private final long at;
    private final Duration timeout; // null: no deadline

    private Deadline(long at, Duration timeout) {
        this.at = at;
        this.timeout = timeout;
    }

    /** TIMEOUT from now. */
    public static Deadline of(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos(), timeout);
    }

    /** No deadline: never expires (a run of the sed interpreter outside a sanitizer). */
    public static Deadline none() {
        return NONE;
    }

    /** The timeout this deadline was made of (for messages: "no answer after 5 s"). */
    public Duration timeout() {
        return timeout;
    }

    /** What is left; zero once it has passed. */
    public Duration remaining() {
        return Duration.ofNanos(nanosLeft());
    }

    /** What is left, but at least one millisecond: for a last try of an API that takes 0 as "forever" or "not at all". */
    public Duration remainingAtLeastAMillisecond() {
        return Duration.ofNanos(Math.max(1_000_000, nanosLeft()));
    }

    /** What is left in nanoseconds; zero once it has passed. */
    public long nanosLeft() {
        return timeout == null ? Long.MAX_VALUE : Math.max(0, at - System.nanoTime());
    }

    /** What is left in whole milliseconds, at least 1 (for {@code Object.wait}, where 0 is forever). */
    public long millisLeftAtLeastOne() {
        return Math.max(1, nanosLeft() / 1_000_000);
    }

    public boolean expired() {
        return timeout != null && at - System.nanoTime() <= 0;
    }

    /** Waits for PROCESS to exit until this deadline; true when it exited. */
    public boolean waitFor(Process process) throws InterruptedException {
        return process.waitFor(nanosLeft(), TimeUnit.NANOSECONDS);
    }

    /** Waits for THREAD to end until this deadline; true when it ended. */
    public boolean join(Thread thread) throws InterruptedException {
        if (timeout == null) {
            thread.join();
        } else if (nanosLeft() >= 1_000_000) {
            thread.join(nanosLeft() / 1_000_000);
        }
        return !thread.isAlive();
    }

    @Override
    public String toString() {
        if (timeout == null) {
            return "no deadline";
        }
        return "deadline in " + remaining().toMillis() + " ms of " + timeout.toMillis() + " ms";
    }
}
