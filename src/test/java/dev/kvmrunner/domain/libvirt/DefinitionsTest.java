package dev.kvmrunner.domain.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.config.Topology;
import dev.kvmrunner.domain.DomainName;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The names and XML the libvirt backend defines, without a libvirtd. */
class DefinitionsTest {
    @Test
    void networkNamesFitTheKernelsFifteenCharactersAndStayDistinct() {
        assertThat(NetworkName.of("a.", "westnet")).isEqualTo("a.westnet");
        // the empty prefix must not name a bridge like a host interface of its own (lan, eth0)
        assertThat(NetworkName.of("", "lan")).isEqualTo("kvmrunner-lan");
        assertThat(NetworkName.of("", "eth0")).isNotEqualTo("eth0").hasSizeLessThanOrEqualTo(15);
        String one = NetworkName.of("east1.", "192_0_2_network");
        String two = NetworkName.of("east1.", "192_0_2_networks");
        assertThat(one).hasSize(15).startsWith("east1.192").isNotEqualTo(two);
        assertThat(two).hasSize(15);
        assertThat(NetworkName.of("east1.", "192_0_2_network")).isEqualTo(one); // stable from run to run
    }

    @Test
    void aDomainCarriesItsMarkAndItsHostsKernelArgumentsAndNics() throws Exception {
        DomainName name = new DomainName("a.", "nic");
        Topology.HostNetwork nic = new Topology.HostNetwork(
                List.of(
                        new Topology.Interface("westnet", "192.0.2.254/24"),
                        new Topology.Interface("eastnet", "198.51.100.254/24")),
                List.of(),
                true);
        Mark mark = new Mark("a.", "nic", false, "m/12:34");
        String xml = Definitions.domain(
                name,
                mark,
                128,
                new Definitions.KernelBoot(Path.of("/k/vmlinuz"), Path.of("/k/initrd.gz"), "kvmrunner.hang=1"),
                Optional.of(nic),
                Optional.of(Path.of("/d/console/a.nic.sock")));
        assertThat(Mark.in(xml)).contains(mark);
        assertThat(xml)
                .contains(
                        "<name>a.nic</name>",
                        "<uuid>" + Definitions.uuidOf(name) + "</uuid>",
                        "kvmrunner.host=nic kvmrunner.if=eth0,192.0.2.254/24 kvmrunner.if=eth1,198.51.100.254/24 kvmrunner.forward=1 "
                                + "kvmrunner.hang=1</cmdline>",
                        "<source network='a.westnet'/>",
                        "<source network='a.eastnet'/>",
                        "path='/d/console/a.nic.sock'");
        assertThat(Definitions.uuidOf(name)).isNotEqualTo(Definitions.uuidOf(new DomainName("b.", "nic")));
    }

    @Test
    void aDomainOfTheUsersDiskBootsItsOverlayWithoutKernelOrCommandLine() throws Exception {
        String xml = Definitions.domain(
                new DomainName("a.", "east"),
                new Mark("a.", "east", true, ""),
                128,
                new Definitions.DiskBoot(Path.of("/d/disks/a.east.qcow2")),
                Optional.empty(),
                Optional.empty());
        assertThat(xml)
                .contains(
                        "<boot dev='hd'/>",
                        "<driver name='qemu' type='qcow2'/><source file='/d/disks/a.east.qcow2'/>",
                        "<target dev='vda' bus='virtio'/>",
                        "<serial type='pty'>")
                .doesNotContain("<kernel>", "<initrd>", "<cmdline>", "type='unix'");
    }

    @Test
    void aNetworkIsABridgeWithoutAddressesAndWithItsMark() throws Exception {
        Mark mark = new Mark("b.", "eastnet", true, "");
        String xml = Definitions.network(mark);
        assertThat(Mark.in(xml)).contains(mark);
        assertThat(xml)
                .contains("<name>b.eastnet</name>", "<bridge name='b.eastnet'")
                .doesNotContain("<ip", "<forward");
    }

    @Test
    void xmlWithoutTheMarkOrWithAnotherNamespaceIsNotOurs() throws Exception {
        assertThat(Mark.in("<domain><name>a.east</name></domain>")).isEmpty();
        assertThat(Mark.in("<domain><metadata><x:group xmlns:x='https://example.org/other' prefix='a.' member='east'/>"
                        + "</metadata></domain>"))
                .isEmpty();
    }

    @Test
    void onlyUrisOfThisMachineAreLocal() {
        assertThat(LibvirtBackend.isLocal("qemu:///system")).isTrue();
        assertThat(LibvirtBackend.isLocal("qemu+tcp://127.0.0.1/system")).isTrue();
        assertThat(LibvirtBackend.isLocal("qemu+ssh://root@lab2/system")).isFalse();
    }
}
