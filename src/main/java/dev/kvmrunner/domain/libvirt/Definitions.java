package dev.kvmrunner.domain.libvirt;

import dev.kvmrunner.config.Topology;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.qemu.GuestKernelArguments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The XML kvmrunner defines its libvirt domains and networks with, each marked ({@link Mark}).
 * Domains: type qemu (TCG; KVM domains start but never boot on some machines), direct kernel
 * boot of the built guest image (or boot from a copy-on-write overlay of the user's own disk
 * image), one virtio NIC per interface of the host in the topology, the serial console on a unix
 * socket. Networks: an isolated bridge without addresses on the
 * libvirt host (the guests set their own from the kernel command line), so no dnsmasq.
 */
final class Definitions {
    private Definitions() {}

    /**
     * The UUID of domain NAME: derived from its name, so a redefinition updates the domain kvmrunner
     * defined and never another of the same name (libvirt refuses a name with another UUID).
     */
    static UUID uuidOf(DomainName name) {
        return UUID.nameUUIDFromBytes(("kvmrunner libvirt domain " + name).getBytes(StandardCharsets.UTF_8));
    }

    /** The network MARK names (its prefix and topology network), carrying MARK. */
    static String network(Mark mark) {
        String name = NetworkName.of(mark.prefix(), mark.member());
        return "<network>\n"
                + "  <name>" + Xml.escape(name) + "</name>\n"
                + "  <metadata>" + mark.element() + "</metadata>\n"
                + "  <bridge name='" + Xml.escape(name) + "' stp='off' delay='0'/>\n"
                + "</network>\n";
    }

    /** How a domain boots. */
    sealed interface Boot permits KernelBoot, DiskBoot {}

    /** Direct kernel boot of KERNEL and INITRD (paths on the libvirt host), with EXTRA kernel words. */
    record KernelBoot(Path kernel, Path initrd, String extra) implements Boot {}

    /**
     * Boot from OVERLAY (a qcow2 file on the libvirt host whose backing file is the user's
     * image), as its own boot loader says: the image configures its host name and addresses itself.
     */
    record DiskBoot(Path overlay) implements Boot {}

    /**
     * Domain NAME booting as BOOT says as the host of NETWORK, carrying MARK, its serial console on
     * CONSOLE_SOCKET, or on a pty of the libvirt host when empty (a remote host: {@code virsh console}).
     */
    static String domain(
            DomainName name,
            Mark mark,
            int memoryMiB,
            Boot boot,
            Optional<Topology.HostNetwork> network,
            Optional<Path> consoleSocket) {
        StringBuilder xml = new StringBuilder();
        xml.append("<domain type='qemu'>\n")
                .append("  <name>")
                .append(Xml.escape(name.toString()))
                .append("</name>\n")
                .append("  <uuid>")
                .append(uuidOf(name))
                .append("</uuid>\n")
                .append("  <metadata>")
                .append(mark.element())
                .append("</metadata>\n")
                .append("  <memory unit='MiB'>")
                .append(memoryMiB)
                .append("</memory>\n")
                .append("  <vcpu>1</vcpu>\n")
                .append("  <os>\n")
                .append("    <type arch='x86_64' machine='pc'>hvm</type>\n");
        if (boot instanceof KernelBoot k) {
            xml.append("    <kernel>")
                    .append(Xml.escape(k.kernel().toString()))
                    .append("</kernel>\n")
                    .append("    <initrd>")
                    .append(Xml.escape(k.initrd().toString()))
                    .append("</initrd>\n")
                    .append("    <cmdline>")
                    .append(Xml.escape(String.join(" ", GuestKernelArguments.of(name.host(), network, k.extra()))))
                    .append("</cmdline>\n");
        } else {
            xml.append("    <boot dev='hd'/>\n");
        }
        xml.append("  </os>\n")
                // without acpi libvirt passes -no-acpi, and the guest kernel crawls
                .append("  <features><acpi/><apic/></features>\n")
                .append("  <on_poweroff>destroy</on_poweroff>\n")
                .append("  <on_reboot>destroy</on_reboot>\n")
                .append("  <on_crash>destroy</on_crash>\n")
                .append("  <devices>\n");
        if (boot instanceof DiskBoot d) {
            xml.append("    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='")
                    .append(Xml.escape(d.overlay().toString()))
                    .append("'/><target dev='vda' bus='virtio'/></disk>\n");
        }
        List<Topology.Interface> interfaces =
                network.map(Topology.HostNetwork::interfaces).orElse(List.of());
        for (int i = 0; i < interfaces.size(); i++) {
            xml.append("    <interface type='network'><source network='")
                    .append(Xml.escape(
                            NetworkName.of(name.prefix(), interfaces.get(i).network())))
                    .append("'/><mac address='")
                    .append(GuestKernelArguments.mac(name.toString(), i))
                    .append("'/><model type='virtio'/></interface>\n");
        }
        if (consoleSocket.isPresent()) {
            String socket = Xml.escape(consoleSocket.get().toString());
            xml.append("    <serial type='unix'><source mode='bind' path='")
                    .append(socket)
                    .append("'/><target port='0'/></serial>\n")
                    .append("    <console type='unix'><source mode='bind' path='")
                    .append(socket)
                    .append("'/><target type='serial' port='0'/></console>\n");
        } else {
            xml.append("    <serial type='pty'><target port='0'/></serial>\n")
                    .append("    <console type='pty'><target type='serial' port='0'/></console>\n");
        }
        xml.append("    <memballoon model='none'/>\n").append("  </devices>\n").append("</domain>\n");
        return xml.toString();
    }
}
