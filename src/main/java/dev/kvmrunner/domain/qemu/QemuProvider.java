package dev.kvmrunner.domain.qemu;

import static dev.kvmrunner.domain.Prerequisite.manual;
import static dev.kvmrunner.domain.Prerequisite.required;

import dev.kvmrunner.domain.Ability;
import dev.kvmrunner.domain.BackendProvider;
import dev.kvmrunner.domain.BackendSetting;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.domain.ConfiguredBackend;
import dev.kvmrunner.domain.Prerequisite;
import dev.kvmrunner.domain.Prerequisite.FileExists;
import dev.kvmrunner.domain.Prerequisite.Program;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The qemu backend: a QEMU guest per domain (real kernels), networks from [topology] on vde switches. */
public final class QemuProvider implements BackendProvider {
    static final List<BackendSetting> SETTINGS = List.of(
            BackendSetting.of(
                            "accel",
                            "KVM_QEMU_ACCEL",
                            "qemu backend: how guests run; auto uses KVM only if a KVM guest really boots (default auto)")
                    .withFlag("--accel", "auto|kvm|tcg"),
            BackendSetting.of(
                            "reset",
                            "KVM_RESET",
                            "qemu backend: reset a domain by booting it, or by restoring the state saved after its first login "
                                    + "(default snapshot; boot with your own disk)")
                    .withFlag("--reset", "boot|snapshot"),
            BackendSetting.of(
                    "share-snapshots",
                    "KVM_QEMU_SHARE_SNAPSHOTS",
                    "with reset = snapshot, one cold boot per host serves every group (true or false; default true)"),
            BackendSetting.of(
                    "memory", "KVM_QEMU_MEMORY", "guest memory, QEMU's -m syntax (default 128M, 256M for debian)"),
            BackendSetting.of("password", "KVM_QEMU_PASSWORD", "root's password in the built image (default swan)"),
            BackendSetting.of(
                    "kernel-package",
                    "KVM_QEMU_KERNEL_PACKAGE",
                    "the Debian kernel package to build from (default: what linux-image-cloud-amd64 depends on)"),
            BackendSetting.of("kernel", "KVM_QEMU_KERNEL", "your own kernel (with initrd), relative to the suite"),
            BackendSetting.of("initrd", "KVM_QEMU_INITRD", "your own initramfs (with kernel)"),
            BackendSetting.of(
                    "disk", "KVM_QEMU_DISK", "your own bootable disk image, used read-only; implies reset = boot"),
            BackendSetting.of("image", "KVM_QEMU_IMAGE", "busybox (the fast default) or debian"),
            BackendSetting.of("packages", "KVM_QEMU_PACKAGES", "Debian packages in the image; implies image = debian"),
            BackendSetting.of(
                    "testing",
                    "KVM_QEMU_TESTING",
                    "the host tree mounted in every guest (default, with a [qemu] table: the suite directory)"),
            BackendSetting.of(
                    "testing-mount", "KVM_QEMU_TESTING_MOUNT", "where the guests mount it (default /testing)"),
            BackendSetting.of("source", "KVM_SOURCEDIR", "the source tree, mounted at /source"));

    @Override
    public String name() {
        return QemuBackend.NAME;
    }

    @Override
    public String description() {
        return "a QEMU guest per domain (real kernels), networks from [topology] on vde switches";
    }

    @Override
    public List<BackendSetting> settings() {
        return SETTINGS;
    }

    @Override
    public List<Prerequisite> prerequisites() {
        return List.of(
                required(name(), new Program("qemu-system-x86_64"), "qemu-system-x86_64", "qemu-system-x86"),
                required(
                        name(),
                        new FileExists("/usr/share/qemu/qboot.rom"),
                        "qboot.rom (fast firmware)",
                        "qemu-system-data"),
                required(name(), new Program("vde_switch"), "vde_switch (guest networks)", "vde2"),
                required(name(), new FileExists("/bin/busybox"), "busybox-static (guest image)", "busybox-static"),
                required(name(), new Program("cpio"), "cpio (guest image)", "cpio"),
                manual(
                        name(),
                        new Program("apt-get"),
                        "apt-get, dpkg-deb (guest kernel from Debian)",
                        "a Debian-based machine, or point [qemu] kernel/initrd at your own",
                        true),
                manual(
                        name(),
                        new FileExists("/dev/kvm"),
                        "/dev/kvm (hardware acceleration; else TCG)",
                        "enable virtualization in the firmware and load the module: modprobe kvm_intel (or kvm_amd)",
                        false));
    }

    @Override
    public Set<Ability> abilities() {
        return Set.of(Ability.GROUP_INSTALL, Ability.SOFTWARE_INSTALL, Ability.CONSOLE, Ability.SNAPSHOT_RESET);
    }

    @Override
    public List<BackendCommand> commands() {
        return List.of(new BackendCommand("", new ImageCommand()), new BackendCommand("bench", new BenchBootCommand()));
    }

    @Override
    public ConfiguredBackend configure(BackendSettings settings) {
        QemuOptions options = QemuOptions.from(settings.values(this), settings);
        List<String> description = List.of(
                "accel: " + lower(options.accel()),
                "reset: " + lower(options.reset()),
                "image: " + (options.guest().debian() ? "debian" : "busybox"),
                "memory: " + options.memory(),
                "share-snapshots: " + options.shareSnapshots());
        return ConfiguredBackend.of(
                description,
                () -> new QemuBackend(options, settings.runId(), settings.knownHosts(), settings.timeouts()));
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
