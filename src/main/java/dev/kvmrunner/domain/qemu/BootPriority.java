package dev.kvmrunner.domain.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Booting guests yield the CPU to guests that run a test's scripts. Every QEMU runs in a session
 * of its own, so the kernel's autogroups schedule it as one entity; a booting (or restoring)
 * guest's autogroup gets a nice of {@value #BOOTING_NICE}, and its boot-and-login done, it goes back
 * to 0. The boot pool can then keep every slot busy beside a test that computes: a test's guests
 * get the CPU they ask for at once (a test's timers and deadlines are what turn load into false
 * failures), and boots take whatever is left, which is most of it, since tests mostly wait.
 *
 * <p>Setting an autogroup's nice needs CAP_SYS_NICE (the runner as root, as CI and the netns
 * backend run it); elsewhere, or where the kernel has no autogroups, this does nothing and the
 * runner keeps a core for a busy test by holding boots back instead ({@code Backend.bootsYieldToTests}).
 */
final class BootPriority {
    /** A booting guest's autogroup: about a tenth of a running guest's weight when both want a core. */
    static final int BOOTING_NICE = 10;

    private static final Pattern NICE = Pattern.compile("nice (-?\\d+)");

    private static final boolean AVAILABLE = probe();

    private BootPriority() {}

    /** Whether guests can be given the two priorities here (see the class comment). */
    static boolean available() {
        return AVAILABLE;
    }

    /** The guest whose QEMU has PID starts booting. */
    static void booting(long pid) {
        set(pid, BOOTING_NICE);
    }

    /** The guest whose QEMU has PID is logged in: it now runs a test's scripts. */
    static void running(long pid) {
        set(pid, 0);
    }

    private static void set(long pid, int nice) {
        // until QEMU has called setsid, PID's autogroup is the runner's own
        if (!AVAILABLE || dev.kvmrunner.domain.ProcessTree.sessionOf(pid) != pid) {
            return;
        }
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid), "autogroup"), Integer.toString(nice));
        } catch (IOException e) {
            // QEMU has exited meanwhile: its boot fails on its own, with a reason that says more
        }
    }

    /**
     * Each QEMU must have a session of its own (else the autogroup would be the runner's), the kernel
     * must schedule by autogroup, and this process must be allowed to set an autogroup's nice: tried
     * on its own autogroup, with the nice it already has.
     */
    private static boolean probe() {
        if (!QemuMachine.ownSessions()) {
            return false;
        }
        try {
            if (!Files.readString(Path.of("/proc/sys/kernel/sched_autogroup_enabled"))
                    .trim()
                    .equals("1")) {
                return false;
            }
            Path own = Path.of("/proc/self/autogroup");
            Optional<String> nice = currentNice(Files.readString(own, StandardCharsets.US_ASCII));
            if (nice.isEmpty()) {
                return false;
            }
            Files.writeString(own, nice.get());
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // EPERM without CAP_SYS_NICE; no such file without autogroup support
        }
    }

    /** "/autogroup-7514 nice 0" → "0". */
    static Optional<String> currentNice(String autogroup) {
        Matcher m = NICE.matcher(autogroup);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
