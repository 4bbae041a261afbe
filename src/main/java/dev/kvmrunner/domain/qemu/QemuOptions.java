package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.Topology;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the qemu backend. Flags ({@code --accel}, {@code --reset}) override the
 * environment, which overrides the defaults.
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
 *                        survive the run); env XDG_STATE_HOME, default ~/.local/state; +/kvmrunner/qemu
 * @param topology        the suite's networks and each host's interfaces
 * @param kernelArguments extra kernel command line words per host (tests use kvmrunner.hang=1)
 * @param probeTimeout    how long a KVM guest may take to reach its prompt before auto picks TCG
 * @param log             where one-off progress (image build, accelerator choice) is reported
 * @param guest           the image kind (busybox or Debian), shared directories and install step
 */
public record QemuOptions(Accel accel, Reset reset, String memory, String password, Optional<String> kernelPackage,
                          Optional<Path> kernel, Optional<Path> initrd, Optional<Path> disk, Path cacheDirectory,
                          Path stateDirectory, Topology topology, Map<String, String> kernelArguments,
                          Duration probeTimeout, PrintStream log, GuestSettings guest) {

    /** How guests are run. */
    public enum Accel { AUTO, KVM, TCG }

    /** How a domain is reset between tests. */
    public enum Reset { BOOT, SNAPSHOT }

    public QemuOptions {
        kernelArguments = Map.copyOf(kernelArguments);
        if (kernel.isPresent() != initrd.isPresent()) {
            throw new BadInputException("qemu: give both a kernel and an initrd (KVM_QEMU_KERNEL, KVM_QEMU_INITRD), or neither");
        }
    }

    /** Defaults and the environment (see the parameters), for a suite with TOPOLOGY. */
    public static QemuOptions fromEnvironment(Map<String, String> env, Topology topology, PrintStream log) {
        Path home = Path.of(System.getProperty("user.home"));
        Path cache = Path.of(env.getOrDefault("XDG_CACHE_HOME", home.resolve(".cache").toString())).resolve("kvmrunner");
        Path state = Path.of(env.getOrDefault("XDG_STATE_HOME", home.resolve(".local/state").toString())).resolve("kvmrunner/qemu");
        Optional<Path> disk = Optional.ofNullable(env.get("KVM_QEMU_DISK")).map(Path::of);
        Reset reset = parseReset(env.getOrDefault("KVM_RESET", disk.isPresent() ? "boot" : "snapshot"), "KVM_RESET");
        GuestSettings guest = GuestSettings.fromEnvironment(env);
        return new QemuOptions(parseAccel(env.getOrDefault("KVM_QEMU_ACCEL", "auto"), "KVM_QEMU_ACCEL"), reset,
                env.getOrDefault("KVM_QEMU_MEMORY", guest.debian() ? "256M" : "128M"), env.getOrDefault("KVM_QEMU_PASSWORD", "swan"),
                Optional.ofNullable(env.get("KVM_QEMU_KERNEL_PACKAGE")),
                Optional.ofNullable(env.get("KVM_QEMU_KERNEL")).map(Path::of),
                Optional.ofNullable(env.get("KVM_QEMU_INITRD")).map(Path::of), disk, cache, state, topology, Map.of(),
                Duration.ofSeconds(20), log, guest);
    }

    public static Accel parseAccel(String text, String where) {
        try {
            return Accel.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + " " + text + ": expected auto, kvm or tcg");
        }
    }

    public static Reset parseReset(String text, String where) {
        try {
            return Reset.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + " " + text + ": expected boot or snapshot");
        }
    }

    public QemuOptions withAccel(Accel newAccel) {
        return new QemuOptions(newAccel, reset, memory, password, kernelPackage, kernel, initrd, disk, cacheDirectory,
                stateDirectory, topology, kernelArguments, probeTimeout, log, guest);
    }

    public QemuOptions withReset(Reset newReset) {
        return new QemuOptions(accel, newReset, memory, password, kernelPackage, kernel, initrd, disk, cacheDirectory,
                stateDirectory, topology, kernelArguments, probeTimeout, log, guest);
    }

    public QemuOptions withKernelArguments(Map<String, String> newArguments) {
        return new QemuOptions(accel, reset, memory, password, kernelPackage, kernel, initrd, disk, cacheDirectory,
                stateDirectory, topology, newArguments, probeTimeout, log, guest);
    }

    public QemuOptions withTopology(Topology newTopology) {
        return new QemuOptions(accel, reset, memory, password, kernelPackage, kernel, initrd, disk, cacheDirectory,
                stateDirectory, newTopology, kernelArguments, probeTimeout, log, guest);
    }

    public QemuOptions withDirectories(Path newCache, Path newState) {
        return new QemuOptions(accel, reset, memory, password, kernelPackage, kernel, initrd, disk, newCache,
                newState, topology, kernelArguments, probeTimeout, log, guest);
    }

    public QemuOptions withGuest(GuestSettings newGuest) {
        return new QemuOptions(accel, reset, memory, password, kernelPackage, kernel, initrd, disk, cacheDirectory,
                stateDirectory, topology, kernelArguments, probeTimeout, log, newGuest);
    }
}
