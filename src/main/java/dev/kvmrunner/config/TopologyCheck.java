package dev.kvmrunner.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Turns the topology tables of a config file into a checked {@link Topology}. */
final class TopologyCheck {
    private static final Pattern IPV4_CIDR =
            Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private TopologyCheck() {}

    static Topology check(TomlKeyLines place, List<String> hosts, SuiteConfigFile.TopologyContents contents) {
        if (contents == null) {
            return Topology.NONE;
        }
        List<String> networks = new ArrayList<>();
        if (contents.networks() != null) {
            for (String network : contents.networks().keySet()) {
                if (!Names.isNetwork(network)) {
                    throw new BadInputException(place.at("topology.networks." + network)
                            + ": a network name is up to 8 lower-case letters and digits, starting with a letter");
                }
                networks.add(network);
            }
        }
        networks.sort(null);
        Map<String, Topology.HostNetwork> hostNetworks = new TreeMap<>();
        if (contents.hosts() != null) {
            contents.hosts().forEach((host, h) -> {
                String where = "topology.hosts." + host;
                if (!hosts.isEmpty() && !hosts.contains(host)) {
                    throw new BadInputException(
                            place.at(where) + ": '" + host + "' is not one of the suite's hosts " + hosts);
                }
                List<Topology.Interface> interfaces = new ArrayList<>();
                if (h.interfaces() != null) {
                    for (SuiteConfigFile.InterfaceContents i : h.interfaces()) {
                        if (i.network() == null || !networks.contains(i.network())) {
                            throw new BadInputException(place.at(where + ".interfaces") + ": network '" + i.network()
                                    + "' is not in [topology.networks] " + networks);
                        }
                        if (i.address() == null || !validCidr(i.address())) {
                            throw new BadInputException(place.at(where + ".interfaces") + ": address '" + i.address()
                                    + "' is not an IPv4 address with a prefix length, e.g. 192.0.2.1/24");
                        }
                        interfaces.add(new Topology.Interface(i.network(), i.address()));
                    }
                }
                List<Topology.Route> routes = new ArrayList<>();
                if (h.routes() != null) {
                    for (SuiteConfigFile.RouteContents r : h.routes()) {
                        if (r.to() == null || !(r.to().equals("default") || validCidr(r.to()))) {
                            throw new BadInputException(
                                    place.at(where + ".routes") + ": to '" + r.to() + "' is not 'default' or a CIDR");
                        }
                        if (r.via() == null || !validAddress(r.via())) {
                            throw new BadInputException(
                                    place.at(where + ".routes") + ": via '" + r.via() + "' is not an IPv4 address");
                        }
                        routes.add(new Topology.Route(r.to(), r.via()));
                    }
                }
                hostNetworks.put(host, new Topology.HostNetwork(interfaces, routes, Boolean.TRUE.equals(h.forward())));
            });
        }
        return new Topology(networks, hostNetworks);
    }

    static boolean validCidr(String text) {
        var m = IPV4_CIDR.matcher(text);
        return m.matches() && octets(m) && Integer.parseInt(m.group(5)) <= 32;
    }

    static boolean validAddress(String text) {
        var m = IPV4.matcher(text);
        return m.matches() && octets(m);
    }

    private static boolean octets(java.util.regex.Matcher m) {
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }
}
