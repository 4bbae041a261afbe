package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.Topology;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.domain.SettingValues;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the qemu backend ({@link QemuProvider#SETTINGS}): flags ({@code --accel},
 * {@code --reset}) override the environment, which overrides the suite's {@code [qemu]} table,
 * which overrides the defaults.
 *
 * @param accel           how guests are run: auto (KVM if a KVM guest really reaches its
 *                        prompt, else TCG), kvm, or tcg (software emulation). Env KVM_QEMU_ACCEL.
 * @param reset           how a domain is reset between tests: boot (cold boot every time) or
 *                        snapshot (restore the state saved after its first login). Env KVM_RESET.
 * @param memory          guest memory, QEMU's -m syntax; a snapshot restores only with the same.
 *                        Env KVM_QEMU_MEMORY; default 128M (256M for the Debian image).
 * @param password        root's password in the built image. Env KVM_QEMU_PASSWORD; default "swan".
 * @param kernelPackage   the Debian kernel package; empty: the one linux-image-cloud-amd64
 *                        depends on. Env KVM_QEMU_KERNEL_PACKAGE.
 * @param kernel          the user's own kernel instead of the built one (with initrd). Env KVM_QEMU_KERNEL.
 * @param initrd          the user's own initramfs. Env KVM_QEMU_INITRD.
 * @param disk            the user's own bootable disk image instead of kernel and initrd; used
 *                        read-only (snapshot=on); implies reset=boot. Env KVM_QEMU_DISK.
 * @param cacheDirectory  where built images live; env XDG_CACHE_HOME, default ~/.cache; +/kvmrunner
 * @param stateDirectory  where install keeps a prefix's per-domain state (snapshots that
 *                        survive the run): qemu/ in the state directory (config.StateDirectory:
 *                        env KVMRUNNER_STATE_DIR, else XDG_STATE_HOME/kvmrunner, else ~/.local/state/kvmrunner)
 * @param topology        the suite's networks and each host's interfaces
 * @param kernelArguments extra kernel command line words per host (tests use kvmrunner.hang=1)
 * @param probeTimeout    how long a KVM guest may take to reach its prompt before auto picks TCG
 * @param log             where one-off progress (image build, accelerator choice) is reported
 * @param guest           the image kind (busybox or Debian), shared directories and install step
 * @param shareSnapshots  with reset=snapshot, a domain of any group restores the snapshot another
 *                        group's domain of the same host saved (one cold boot per host, not per
 *                        group). Env KVM_QEMU_SHARE_SNAPSHOTS; default true
 */
public record QemuOptions(
        Accel accel,
        Reset reset,
        String memory,
        String password,
        Optional<String> kernelPackage,
        Optional<Path> kernel,
        Optional<Path> initrd,
        Optional<Path> disk,
        Path cacheDirectory,
        Path stateDirectory,
        Topology topology,
        Map<String, String> kernelArguments,
        Duration probeTimeout,
        PrintStream log,
        GuestSettings guest,
        boolean shareSnapshots) {

    /** How guests are run. */
    public enum Accel {
        AUTO,
        KVM,
        TCG
    }

    /** How a domain is reset between tests. */
    public enum Reset {
        BOOT,
        SNAPSHOT
    }

    /** A yes-or-no setting. */
    private enum YesNo {
        TRUE,
        FALSE
    }

    public QemuOptions {
        kernelArguments = Map.copyOf(kernelArguments);
        if (kernel.isPresent() != initrd.isPresent()) {
            throw new BadInputException(
                    "qemu: give both a kernel and an initrd (KVM_QEMU_KERNEL, KVM_QEMU_INITRD), or neither");
        }
    }

    /** Defaults and the environment (see the parameters), for a suite with TOPOLOGY (tests, commands outside a suite). */
    public static QemuOptions fromEnvironment(Map<String, String> env, Topology topology, PrintStream log) {
        BackendSettings settings = BackendSettings.of("").withEnvironment(env);
        return from(
                settings.values(new QemuProvider()),
                new BackendSettings(
                        settings.runId(),
                        List.of(),
                        topology,
                        settings.directory(),
                        Map.of(),
                        Optional.empty(),
                        env,
                        Map.of(),
                        Map.of(),
                        log,
                        settings.timeouts()));
    }

    /** The settings VALUES give (flags, environment, the [qemu] table), with defaults, for SETTINGS' suite. */
    public static QemuOptions from(SettingValues values, BackendSettings settings) {
        Map<String, String> env = settings.environment();
        Path home = Path.of(System.getProperty("user.home"));
        Path cache = Path.of(env.getOrDefault(
                        "XDG_CACHE_HOME", home.resolve(".cache").toString()))
                .resolve("kvmrunner");
        Path state = dev.kvmrunner.config.StateDirectory.of(env).resolve("qemu");
        Optional<Path> disk = existingFile(values, "disk");
        Reset reset = values.choice("reset", Reset.class).orElse(disk.isPresent() ? Reset.BOOT : Reset.SNAPSHOT);
        GuestSettings guest = GuestSettings.from(values, settings);
        Optional<Path> kernel = existingFile(values, "kernel");
        Optional<Path> initrd = existingFile(values, "initrd");
        if (kernel.isPresent() != initrd.isPresent()) {
            throw values.bad(kernel.isPresent() ? "kernel" : "initrd", "give both a kernel and an initrd, or neither");
        }
        return new QemuOptions(
                values.choice("accel", Accel.class).orElse(Accel.AUTO),
                reset,
                memory(values).orElse(guest.debian() ? "256M" : "128M"),
                values.text("password").orElse("swan"),
                values.text("kernel-package"),
                kernel,
                initrd,
                disk,
                cache,
                state,
                settings.topology(),
                Map.of(),
                settings.timeouts().kvmProbe(),
                settings.log(),
                guest,
                values.choice("share-snapshots", YesNo.class).orElse(YesNo.TRUE) == YesNo.TRUE);
    }

    /** QEMU's -m size: a number of MiB, or with a unit (256M, 1G, 1.5G); refused here, not when QEMU starts. */
    private static Optional<String> memory(SettingValues values) {
        Optional<String> memory = values.text("memory");
        if (memory.isPresent() && !memory.get().matches("[0-9]+(\\.[0-9]+)?[KMGTkmgt]?")) {
            throw values.bad("memory", "'" + memory.get() + "' is not a memory size such as 256M or 1G");
        }
        return memory;
    }

    private static Optional<Path> existingFile(SettingValues values, String key) {
        Optional<Path> path = values.path(key);
        if (path.isPresent() && !Files.isRegularFile(path.get())) {
            throw values.bad(key, "'" + values.text(key).orElseThrow() + "' not found: " + path.get());
        }
        return path;
    }

    /** The guest's memory in MiB ({@code memory}: QEMU's {@code -m}, where a number without unit is MiB). */
    public long memoryMiB() {
        String text = memory.trim();
        char unit = Character.toUpperCase(text.charAt(text.length() - 1));
        double number = Double.parseDouble(Character.isDigit(unit) ? text : text.substring(0, text.length() - 1));
        double mib = switch (unit) {
            case 'K' -> number / 1024;
            case 'G' -> number * 1024;
            case 'T' -> number * 1024 * 1024;
            default -> number; // M, or no unit
        };
        return (long) Math.ceil(mib);
    }

    /** TEXT as an accelerator; a bad one is the user's mistake in WHERE. */
    public static Accel parseAccel(String text, String where) {
        try {
            return Accel.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": '" + text + "' is not auto, kvm or tcg");
        }
    }

    public QemuOptions withAccel(Accel newAccel) {
        return new QemuOptions(
                newAccel,
                reset,
                memory,
                password,
                kernelPackage,
                kernel,
                initrd,
                disk,
                cacheDirectory,
                stateDirectory,
                topology,
                kernelArguments,
                probeTimeout,
                log,
                guest,
                shareSnapshots);
    }

    public QemuOptions withReset(Reset newReset) {
        return new QemuOptions(
                accel,
                newReset,
                memory,
                password,
                kernelPackage,
                kernel,
                initrd,
                disk,
                cacheDirectory,
                stateDirectory,
                topology,
                kernelArguments,
                probeTimeout,
                log,
                guest,
                shareSnapshots);
    }

    public QemuOptions withKernelArguments(Map<String, String> newArguments) {
        return new QemuOptions(
                accel,
                reset,
                memory,
                password,
                kernelPackage,
                kernel,
                initrd,
                disk,
                cacheDirectory,
                stateDirectory,
                topology,
                newArguments,
                probeTimeout,
                log,
                guest,
                shareSnapshots);
    }

    public QemuOptions withTopology(Topology newTopology) {
        return new QemuOptions(
                accel,
                reset,
                memory,
                password,
                kernelPackage,
                kernel,
                initrd,
                disk,
                cacheDirectory,
                stateDirectory,
                newTopology,
                kernelArguments,
                probeTimeout,
                log,
                guest,
                shareSnapshots);
    }

    public QemuOptions withDirectories(Path newCache, Path newState) {
        return new QemuOptions(
                accel,
                reset,
                memory,
                password,
                kernelPackage,
                kernel,
                initrd,
                disk,
                newCache,
                newState,
                topology,
                kernelArguments,
                probeTimeout,
                log,
                guest,
                shareSnapshots);
    }

    public QemuOptions withGuest(GuestSettings newGuest) {
        return new QemuOptions(
                accel,
                reset,
                memory,
                password,
                kernelPackage,
                kernel,
                initrd,
                disk,
                cacheDirectory,
                stateDirectory,
                topology,
                kernelArguments,
                probeTimeout,
                log,
                newGuest,
                shareSnapshots);
    }
}
