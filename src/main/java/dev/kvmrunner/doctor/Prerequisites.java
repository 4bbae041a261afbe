package dev.kvmrunner.doctor;

import static dev.kvmrunner.doctor.Prerequisite.optional;
import static dev.kvmrunner.doctor.Prerequisite.required;

import dev.kvmrunner.doctor.Prerequisite.FileExists;
import dev.kvmrunner.doctor.Prerequisite.Program;
import dev.kvmrunner.doctor.Prerequisite.Root;
import java.util.List;

/** What each backend needs, with Debian's package names. One table; the doctor only reads it. */
public final class Prerequisites {
    public static final List<String> BACKENDS = List.of("process", "netns", "qemu", "libvirt");

    public static final List<Prerequisite> ALL = List.of(
            required("process", new Program("bash"), "bash", "apt-get install bash"),
            optional("process", new Program("sed"), "sed (sanitizers)", "apt-get install sed"),
            optional("process", new Program("gawk"), "gawk (sanitizers)", "apt-get install gawk"),
            optional("process", new Program("perl"), "perl (sanitizers)", "apt-get install perl"),

            required("netns", new Root(), "root", "run kvmrunner as root, e.g. sudo ./kvmrunner ..."),
            required("netns", new Program("ip"), "ip (iproute2)", "apt-get install iproute2"),
            required("netns", new Program("unshare"), "unshare (util-linux)", "apt-get install util-linux"),
            required("netns", new Program("nsenter"), "nsenter (util-linux)", "apt-get install util-linux"),
            required("netns", new Program("sysctl"), "sysctl (procps)", "apt-get install procps"),
            required("netns", new FileExists("/proc/self/ns/net"), "network namespaces in the kernel",
                    "a kernel built with CONFIG_NET_NS (every distribution kernel is)"),
            required("netns", new Program("bash"), "bash", "apt-get install bash"),
            optional("netns", new Program("ping"), "ping (examples/netns)", "apt-get install iputils-ping"),
            optional("netns", new Program("nc"), "nc (examples/netns)", "apt-get install netcat-openbsd"),
            optional("netns", new Program("nft"), "nft (examples/netns)", "apt-get install nftables"),

            required("qemu", new Program("qemu-system-x86_64"), "qemu-system-x86_64", "apt-get install qemu-system-x86"),
            required("qemu", new FileExists("/usr/share/qemu/qboot.rom"), "qboot.rom (fast firmware)",
                    "apt-get install qemu-system-data"),
            required("qemu", new Program("vde_switch"), "vde_switch (guest networks)", "apt-get install vde2"),
            required("qemu", new FileExists("/bin/busybox"), "busybox-static (guest image)", "apt-get install busybox-static"),
            required("qemu", new Program("cpio"), "cpio (guest image)", "apt-get install cpio"),
            required("qemu", new Program("apt-get"), "apt-get, dpkg-deb (guest kernel from Debian)",
                    "a Debian-based machine, or point [qemu] kernel/initrd at your own"),
            optional("qemu", new FileExists("/dev/kvm"), "/dev/kvm (hardware acceleration; else TCG)",
                    "enable virtualization in the firmware and load the module: modprobe kvm_intel (or kvm_amd)"),

            required("libvirt", new Program("virsh"), "virsh", "apt-get install libvirt-clients"),
            required("libvirt", new FileExists("/var/run/libvirt/libvirt-sock"), "libvirtd (running)",
                    "apt-get install libvirt-daemon-system && systemctl start libvirtd"),
            required("libvirt", new Program("qemu-system-x86_64"), "qemu-system-x86_64", "apt-get install qemu-system-x86"));

    private Prerequisites() {
    }
}
