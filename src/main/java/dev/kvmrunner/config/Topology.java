package dev.kvmrunner.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The suite's networks and each host's place on them, shared by every backend that makes
 * real networks (netns, qemu, libvirt). Each prefix gets its own isolated copy of every
 * network. A host's interfaces are named eth0, eth1, ... in the order they are listed.
 *
 * <pre>
 * [topology.networks.westnet]            # one table per network; nothing else is required
 * [topology.networks.eastnet]
 * [topology.hosts.west]
 * interfaces = [{ network = "westnet", address = "192.0.2.1/24" }]
 * routes = [{ to = "198.51.100.0/24", via = "192.0.2.254" }]   # "to" may be "default"
 * [topology.hosts.nic]
 * interfaces = [{ network = "westnet", address = "192.0.2.254/24" }, { network = "eastnet", address = "198.51.100.254/24" }]
 * forward = true                         # routes between its networks
 * </pre>
 *
 * @param networks network names (sorted)
 * @param hosts    host name → its interfaces, routes and forwarding
 */
public record Topology(List<String> networks, Map<String, HostNetwork> hosts) {
    public static final Topology NONE = new Topology(List.of(), Map.of());

    public Topology {
        networks = List.copyOf(networks);
        hosts = java.util.Collections.unmodifiableMap(new TreeMap<>(hosts));
    }

    public boolean isEmpty() {
        return networks.isEmpty() && hosts.isEmpty();
    }

    public Optional<HostNetwork> host(String host) {
        return Optional.ofNullable(hosts.get(host));
    }

    /**
     * @param interfaces in order: the first is eth0
     * @param routes     added after the interfaces are up
     * @param forward    the host forwards packets between its interfaces (a router such as nic)
     */
    public record HostNetwork(List<Interface> interfaces, List<Route> routes, boolean forward) {
        public HostNetwork {
            interfaces = List.copyOf(interfaces);
            routes = List.copyOf(routes);
        }
    }

    /** @param address CIDR, e.g. 192.0.2.1/24 */
    public record Interface(String network, String address) {}

    /** @param to a CIDR or "default" */
    public record Route(String to, String via) {}
}
