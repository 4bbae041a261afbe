package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.config.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel command line of a guest booted from the built image: what its init script
 * (init.sh, debian-init.sh) reads to become HOST on the suite's topology. Shared by every
 * backend that boots this image directly (qemu, libvirt), so that they say it the same way.
 */
public final class GuestKernelArguments {
    private GuestKernelArguments() {}

    /**
     * The words for HOST with NETWORK (its interfaces eth0, eth1, ... in order, its routes, its
     * forwarding) and the user's EXTRA words (blank: none).
     */
    public static List<String> of(String host, Optional<Topology.HostNetwork> network, String extra) {
        List<String> words = new ArrayList<>(List.of("console=ttyS0", "quiet", "panic=-1", "kvmrunner.host=" + host));
        if (network.isPresent()) {
            List<Topology.Interface> interfaces = network.get().interfaces();
            for (int i = 0; i < interfaces.size(); i++) {
                words.add("kvmrunner.if=eth" + i + "," + interfaces.get(i).address());
            }
            for (Topology.Route route : network.get().routes()) {
                words.add("kvmrunner.route=" + route.to() + "," + route.via());
            }
            if (network.get().forward()) {
                words.add("kvmrunner.forward=1");
            }
        }
        if (extra != null && !extra.isBlank()) {
            words.addAll(List.of(extra.trim().split("\\s+")));
        }
        return words;
    }

    /** A MAC for interface INDEX of domain DOMAIN_NAME, stable across runs and backends. */
    public static String mac(String domainName, int index) {
        int h = domainName.hashCode();
        return String.format("52:54:00:%02x:%02x:%02x", (h >>> 8) & 0xff, h & 0xff, index & 0xff);
    }
}
