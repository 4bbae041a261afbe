package dev.kvmrunner.timeouts;

import java.time.Duration;

/**
 * Every wait the program makes, from one place, multiplied by one scale factor (a slow machine
 * or a loaded CI runner raises the factor, {@code --timeout-scale}, instead of editing numbers
 * all over). A suite sets the first three ({@code [timeouts]} in kvmrunner.toml); the rest are
 * fixed here. The runner multiplies the scale further by the backend's
 * {@code timeoutFactor()} (software emulation), and stretches boot and command timeouts by the
 * run's measured slowdown (see runner.Admission).
 *
 * @param boot     from starting a domain to its first prompt (login included)
 * @param command  one console command (one script line)
 * @param shutdown stopping a domain and everything in it
 * @param scale    factor applied to every wait
 */
public record Timeouts(Duration boot, Duration command, Duration shutdown, double scale) {
    public static final Timeouts DEFAULTS =
            new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(10), 1.0);

    /** The longest timeout a user may give (a week): beyond it a number is a typo, not a wait. */
    public static final Duration LONGEST = Duration.ofDays(7);
    /** The largest --timeout-scale a user may give, for the same reason. */
    public static final double LARGEST_SCALE = 1000;
    /** What a scaled wait saturates at, so that factors multiplied on top can never overflow. */
    private static final Duration FOREVER = Duration.ofDays(365);

    /** One sanitizer pipeline of one host (a sanitizer that loops forever ends as sanitizer-failed). */
    private static final Duration SANITIZER = Duration.ofSeconds(60);
    /** Judging once more after a cancel (to save an interrupted test's output): Ctrl-C ends a run in seconds. */
    private static final Duration JUDGING_AFTER_CANCEL = Duration.ofSeconds(5);
    /** A live console answering Ctrl-C with a prompt; attaching to a running domain's console. */
    private static final Duration PROBE = Duration.ofSeconds(5);
    /** Killing processes until none is left; a killed program's exit. */
    private static final Duration KILL = Duration.ofSeconds(10);
    /** A second Ctrl-C: killing what the run left, while a shell still forks, before the runner exits (not scaled: it must be quick). */
    private static final Duration FORCED_KILL = Duration.ofSeconds(1);
    /** One QMP command that answers at once (quit, migrate_cancel). */
    private static final Duration QMP = Duration.ofSeconds(5);
    /** One program on this machine that should answer at once (ip, sysctl, git, bash sourcing testparams.sh, a socket appearing). */
    private static final Duration LOCAL_COMMAND = Duration.ofSeconds(30);
    /** {@code sh} on a running domain: joining its console and bringing its shell into a known state. */
    private static final Duration SH = Duration.ofSeconds(30);
    /** A KVM guest showing its login prompt, to tell whether KVM works here (qemu accel auto). */
    private static final Duration KVM_PROBE = Duration.ofSeconds(20);
    /** Fetching and installing packages: mmdebstrap building a guest image, apt-get install for doctor --fix. */
    private static final Duration PACKAGES = Duration.ofMinutes(20);
    /** One local step of an image build (unpacking, cpio, mke2fs, qemu-img). */
    private static final Duration IMAGE_STEP = Duration.ofMinutes(5);
    /** The suite's install step (kvm-install) in its guest. */
    private static final Duration INSTALL = Duration.ofMinutes(90);
    /** Booting the install step's guest, and one boot of {@code bench boot}. */
    private static final Duration IMAGE_BOOT = Duration.ofMinutes(5);
    /**
     * One virsh call of the libvirt backend. Generous: the first connection to a freshly started
     * libvirtd waits for it to probe QEMU (about 12 s on a loaded 2-core machine).
     */
    private static final Duration LIBVIRT_CALL = Duration.ofSeconds(90);

    public Timeouts {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("timeout scale must be positive: " + scale);
        }
    }

    /** The suite's three and scale 1. */
    public static Timeouts of(Duration boot, Duration command, Duration shutdown) {
        return new Timeouts(boot, command, shutdown, 1.0);
    }

    public Duration bootTimeout() {
        return scaled(boot);
    }

    public Duration commandTimeout() {
        return scaled(command);
    }

    public Duration shutdownTimeout() {
        return scaled(shutdown);
    }

    public Duration sanitizerTimeout() {
        return scaled(SANITIZER);
    }

    /**
     * How long judging may still take after a cancel. Not scaled: judging runs on this machine, not in
     * the guests, and the backend's factor (2 under TCG) made it 10 s, the whole of Ctrl-C's budget.
     */
    public Duration judgingAfterCancel() {
        return JUDGING_AFTER_CANCEL;
    }

    /** After a command timed out: how long a live console has to answer Ctrl-C with a prompt (else the domain hung). */
    public Duration probe() {
        return scaled(PROBE);
    }

    public Duration kill() {
        return scaled(KILL);
    }

    public Duration forcedKill() {
        return FORCED_KILL;
    }

    public Duration qmp() {
        return scaled(QMP);
    }

    public Duration localCommand() {
        return scaled(LOCAL_COMMAND);
    }

    public Duration sh() {
        return scaled(SH);
    }

    public Duration kvmProbe() {
        return scaled(KVM_PROBE);
    }

    public Duration packages() {
        return scaled(PACKAGES);
    }

    public Duration imageStep() {
        return scaled(IMAGE_STEP);
    }

    public Duration install() {
        return scaled(INSTALL);
    }

    public Duration imageBoot() {
        return scaled(IMAGE_BOOT);
    }

    public Duration libvirtCall() {
        return scaled(LIBVIRT_CALL);
    }

    public Timeouts withScale(double newScale) {
        return new Timeouts(boot, command, shutdown, newScale);
    }

    /** These timeouts with the suite's command timeout replaced (--command-timeout). */
    public Timeouts withCommand(Duration newCommand) {
        return new Timeouts(boot, newCommand, shutdown, scale);
    }

    private Duration scaled(Duration d) {
        double nanos = (d.getSeconds() * 1e9 + d.getNano()) * scale;
        return nanos >= FOREVER.toNanos() ? FOREVER : Duration.ofNanos(Math.round(nanos));
    }

    /**
     * Checks a timeout the user wrote, in seconds: positive and at most {@link #LONGEST}.
     *
     * @return null when it is fine, else what is wrong, to follow the place it was written
     */
    public static String problemWithSeconds(double seconds) {
        if (!(seconds > 0) || seconds > LONGEST.toSeconds()) {
            return "must be a positive number of seconds up to " + LONGEST.toSeconds() + " (a week), not "
                    + plain(seconds);
        }
        return null;
    }

    /** 5 rather than 5.0, as the user probably wrote it. */
    private static String plain(double number) {
        return number == Math.rint(number) && Math.abs(number) < 1e15
                ? Long.toString((long) number)
                : Double.toString(number);
    }
}
