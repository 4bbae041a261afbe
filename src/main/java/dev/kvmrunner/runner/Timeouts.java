package dev.kvmrunner.runner;

import java.time.Duration;

/**
 * Every timeout of a run, from one place, multiplied by one scale factor (a slow machine
 * or a loaded CI runner raises the factor instead of editing numbers all over).
 *
 * @param boot     from starting a domain to its first prompt (login included)
 * @param command  one console command (one script line)
 * @param shutdown stopping a domain and everything in it
 * @param scale    factor applied to all of the above
 */
public record Timeouts(Duration boot, Duration command, Duration shutdown, double scale) {
    public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(10), 1.0);

    public Timeouts {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("timeout scale must be positive: " + scale);
        }
    }

    public Duration bootTimeout() {
        return scaled(boot);
    }

    public Duration commandTimeout() {
        return scaled(command);
    }

    /** One sanitizer pipeline of one host (a sanitizer that loops forever ends as sanitizer-failed). */
    public Duration sanitizerTimeout() {
        return scaled(SANITIZER);
    }

    private static final Duration SANITIZER = Duration.ofSeconds(60);

    /** Judging once more after a cancel (to save an interrupted test's output) may take this long: Ctrl-C ends a run in seconds. */
    public Duration judgingAfterCancel() {
        return scaled(JUDGING_AFTER_CANCEL);
    }

    private static final Duration JUDGING_AFTER_CANCEL = Duration.ofSeconds(5);

    /** After a command timed out: how long a live console has to answer Ctrl-C with a prompt (else the domain hung). */
    public Duration probe() {
        return scaled(PROBE);
    }

    private static final Duration PROBE = Duration.ofSeconds(5);

    public Duration shutdownTimeout() {
        return scaled(shutdown);
    }

    public Timeouts withScale(double newScale) {
        return new Timeouts(boot, command, shutdown, newScale);
    }

    public Timeouts withCommand(Duration newCommand) {
        return new Timeouts(boot, newCommand, shutdown, scale);
    }

    private Duration scaled(Duration d) {
        return Duration.ofNanos(Math.round(d.toNanos() * scale));
    }
}
