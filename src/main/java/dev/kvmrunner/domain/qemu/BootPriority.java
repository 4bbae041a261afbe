package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.timeouts.Deadline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Booting guests yield the CPU to guests that run a test's scripts. Every QEMU runs in a session
 * of its own, so the kernel's autogroups schedule it as one entity; a booting (or restoring)
 * guest's autogroup gets a nice of {@value #BOOTING_NICE}, and its boot-and-login done, it goes back
 * to 0. The boot pool can then keep every slot busy beside a test that computes: a test's guests
 * get the CPU they ask for at once (a test's timers and deadlines are what turn load into false
 * failures), and boots take whatever is left, which is most of it, since tests mostly wait.
 *
 * <p>Neither nice is negative, so any user may set them on their own guests; but without
 * CAP_SYS_ADMIN the kernel takes one autogroup change per 100 ms from the whole machine and refuses
 * the others (EAGAIN), so a change is tried again until it lands. Where the kernel has no
 * autogroups, or QEMU cannot get a session of its own, this does nothing and the runner keeps a
 * core for a busy test by holding boots back instead ({@code Backend.bootsYieldToTests}).
 */
final class BootPriority {
    /** A booting guest's autogroup: about a tenth of a running guest's weight when both want a core. */
    static final int BOOTING_NICE = 10;

    /** How long a change is tried again while the kernel's rate limit refuses it (10 changes a second). */
    private static final Duration RETRY_FOR = Duration.ofSeconds(3);

    private static final Duration RETRY_EVERY = Duration.ofMillis(20);

    /** Changes one at a time: under the rate limit, two at once would only refuse each other. */
    private static final Object CHANGES = new Object();

    private BootPriority() {}

    /** Probed once, when the first guest asks: it starts a process. */
    private static final class Probe {
        static final Optional<String> UNAVAILABLE = probe();
    }

    /** Whether guests can be given the two priorities here (see the class comment). */
    static boolean available() {
        return Probe.UNAVAILABLE.isEmpty();
    }

    /** Why not, where guests cannot be given priorities here. */
    static Optional<String> unavailableBecause() {
        return Probe.UNAVAILABLE;
    }

    /** The guest whose QEMU has PID starts booting. */
    static void booting(long pid) {
        if (available()) {
            set(pid, BOOTING_NICE);
        }
    }

    /** The guest whose QEMU has PID is logged in: it now runs a test's scripts. */
    static void running(long pid) {
        if (available()) {
            set(pid, 0);
        }
    }

    /** Sets PID's autogroup nice, trying again while the rate limit refuses; false if it never landed. */
    private static boolean set(long pid, int nice) {
        // until QEMU has called setsid, PID's autogroup is the runner's own
        if (dev.kvmrunner.domain.ProcessTree.sessionOf(pid) != pid) {
            return false;
        }
        Path autogroup = Path.of("/proc", Long.toString(pid), "autogroup");
        Deadline deadline = Deadline.of(RETRY_FOR);
        synchronized (CHANGES) {
            while (true) {
                try {
                    Files.writeString(autogroup, Integer.toString(nice));
                    return true;
                } catch (IOException | RuntimeException e) {
                    // EAGAIN surfaces as "no bytes written"; an exited QEMU fails its boot on its own
                    if (!Files.exists(autogroup) || deadline.expired()) {
                        return false;
                    }
                }
                try {
                    Thread.sleep(RETRY_EVERY.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    /**
     * Each QEMU must get a session of its own (else its autogroup would be the runner's), the kernel
     * must schedule by autogroup, and this process must be allowed to set an autogroup's nice: tried
     * on a process of its own in a session of its own, as a QEMU will be. (Not on the runner's own
     * autogroup: a runner started in init's session has none that can be changed.)
     */
    private static Optional<String> probe() {
        Optional<Path> setsid = QemuMachine.setsid();
        if (setsid.isEmpty()) {
            return Optional.of("no setsid (util-linux), so QEMU shares the runner's session");
        }
        try {
            if (!Files.readString(Path.of("/proc/sys/kernel/sched_autogroup_enabled"))
                    .trim()
                    .equals("1")) {
                return Optional.of("the kernel schedules without autogroups (kernel.sched_autogroup_enabled=0)");
            }
        } catch (IOException e) {
            return Optional.of("the kernel has no autogroups (no /proc/sys/kernel/sched_autogroup_enabled)");
        }
        Process probe = null;
        try {
            probe = new ProcessBuilder(setsid.get().toString(), "sleep", "30")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long pid = probe.pid();
            Deadline deadline = Deadline.of(Duration.ofSeconds(5));
            while (dev.kvmrunner.domain.ProcessTree.sessionOf(pid) != pid) {
                if (!probe.isAlive() || deadline.expired()) {
                    return Optional.of("setsid did not give a process a session of its own");
                }
                Thread.sleep(5);
            }
            return set(pid, 0) ? Optional.empty() : Optional.of("this user may not set an autogroup's nice");
        } catch (IOException e) {
            return Optional.of("cannot start setsid sleep: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while probing");
        } finally {
            if (probe != null) {
                probe.destroyForcibly();
            }
        }
    }
}
