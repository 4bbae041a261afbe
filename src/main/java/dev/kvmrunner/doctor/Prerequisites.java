package dev.kvmrunner.doctor;

import static dev.kvmrunner.doctor.Prerequisite.manual;
import static dev.kvmrunner.doctor.Prerequisite.optional;
import static dev.kvmrunner.doctor.Prerequisite.required;

import dev.kvmrunner.doctor.Prerequisite.FileExists;
import dev.kvmrunner.doctor.Prerequisite.Program;
import dev.kvmrunner.doctor.Prerequisite.Root;
import java.util.List;
import java.util.Optional;

/**
 * What each backend that exists needs, with Debian's package names. One table; the doctor only
 * reads it. A backend appears here when its package exists under {@code domain/}.
 */
public final class Prerequisites {
    public static final List<String> BACKENDS = List.of("process", "netns", "qemu");
    /** The backend a suite without a {@code backend} setting runs on. */
    public static final String DEFAULT_BACKEND = "process";

    public static final List<Prerequisite> ALL = List.of(
            required("process", new Program("bash"), "bash", "bash"),
            optional("process", new Program("sed"), "sed (sanitizers)", "sed"),
            optional("process", new Program("gawk"), "gawk (sanitizers)", "gawk"),
            optional("process", new Program("perl"), "perl (sanitizers, examples/basic)", "perl"),

            manual("netns", new Root(), "root", "run kvmrunner as root, e.g. sudo ./kvmrunner ...", true),
            required("netns", new Program("ip"), "ip (iproute2)", "iproute2"),
            required("netns", new Program("unshare"), "unshare (util-linux)", "util-linux"),
            required("netns", new Program("nsenter"), "nsenter (util-linux)", "util-linux"),
            required("netns", new Program("sysctl"), "sysctl (procps)", "procps"),
            manual("netns", new FileExists("/proc/self/ns/net"), "network namespaces in the kernel",
                    "a kernel built with CONFIG_NET_NS (every distribution kernel is)", true),
            required("netns", new Program("bash"), "bash", "bash"),
            optional("netns", new Program("ping"), "ping (examples/netns)", "iputils-ping"),
            optional("netns", new Program("nc"), "nc (examples/netns)", "netcat-openbsd"),
            optional("netns", new Program("nft"), "nft (examples/netns)", "nftables"),

            required("qemu", new Program("qemu-system-x86_64"), "qemu-system-x86_64", "qemu-system-x86"),
            required("qemu", new FileExists("/usr/share/qemu/qboot.rom"), "qboot.rom (fast firmware)", "qemu-system-data"),
            required("qemu", new Program("vde_switch"), "vde_switch (guest networks)", "vde2"),
            required("qemu", new FileExists("/bin/busybox"), "busybox-static (guest image)", "busybox-static"),
            required("qemu", new Program("cpio"), "cpio (guest image)", "cpio"),
            manual("qemu", new Program("apt-get"), "apt-get, dpkg-deb (guest kernel from Debian)",
                    "a Debian-based machine, or point [qemu] kernel/initrd at your own", true),
            manual("qemu", new FileExists("/dev/kvm"), "/dev/kvm (hardware acceleration; else TCG)",
                    "enable virtualization in the firmware and load the module: modprobe kvm_intel (or kvm_amd)", false));

    private Prerequisites() {
    }

    /** The Debian package that provides PROGRAM, when the table names one. */
    public static Optional<String> packageOf(String program) {
        return ALL.stream().filter(p -> p.probe().equals(new Program(program)))
                .flatMap(p -> p.debianPackage().stream()).findFirst();
    }
}
