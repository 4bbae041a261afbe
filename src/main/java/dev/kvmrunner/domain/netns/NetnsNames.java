package dev.kvmrunner.domain.netns;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.Topology;
import dev.kvmrunner.domain.DomainName;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of everything the netns backend creates. All namespaces start with {@code kvmr-}
 * so that {@code uninstall} finds the leftovers of a killed run by name alone:
 * <ul>
 * <li>{@code kvmr-<prefix>-net}: the group namespace of PREFIX, holding one bridge per network
 *     ({@code br-<network>}) and the host ends of the domains' veth pairs;</li>
 * <li>{@code kvmr-<prefix><host>}: the network namespace of domain {@code <prefix><host>},
 *     holding {@code lo} and {@code eth0}, {@code eth1}, ... as the topology lists them.</li>
 * </ul>
 * A host name has no '.' and no '-', and a prefix is '' or ends in '.', so the part after the
 * last '.' tells a group namespace from a domain's and names never collide across prefixes.
 * Links live in per-prefix namespaces, so link names need no prefix: the veth end of interface
 * N of HOST on the bridge is {@code <host>-N}, shortened with a hash when that passes the
 * kernel's limit of 15 characters.
 */
public final class NetnsNames {
    /** Every namespace the backend creates starts with this. */
    public static final String MARK = "kvmr-";
    /** The longest interface name the kernel accepts (IFNAMSIZ less the NUL). */
    public static final int MAX_LINK_NAME = 15;

    private static final String GROUP_SUFFIX = "-net";
    private static final Pattern HOST = Pattern.compile("[a-z][a-z0-9]*");

    private NetnsNames() {}

    /** The group namespace of PREFIX. */
    public static String group(String prefix) {
        return MARK + checkPrefix(prefix) + GROUP_SUFFIX;
    }

    /** The network namespace of domain NAME. */
    public static String domain(DomainName name) {
        return MARK + name.prefix() + name.host();
    }

    /** The bridge of NETWORK in a group namespace. */
    static String bridge(String network) {
        return "br-" + network;
    }

    /** The interface of a domain on its INDEX-th network. */
    static String interfaceName(int index) {
        return "eth" + index;
    }

    /** The group namespace's end of the veth pair of HOST's INDEX-th interface. */
    static String peer(String host, int index) {
        String plain = host + "-" + index;
        if (plain.length() <= MAX_LINK_NAME) {
            return plain;
        }
        String hash = String.format("%04x", host.hashCode() & 0xffff);
        String suffix = "-" + index;
        return host.substring(0, MAX_LINK_NAME - hash.length() - suffix.length()) + hash + suffix;
    }

    /**
     * Checks PREFIX for this backend before anything is created.
     *
     * @throws BadInputException saying what a prefix may be
     */
    public static String checkPrefix(String prefix) {
        try {
            return DomainName.checkPrefix(prefix);
        } catch (BadInputException e) {
            throw new BadInputException("netns backend: " + e.getMessage());
        }
    }

    /**
     * Checks that every name derived from HOSTS and TOPOLOGY fits the kernel's limits and is
     * unique within a group namespace.
     *
     * @throws BadInputException naming the hosts whose names clash or do not fit
     */
    public static void checkLinks(Collection<String> hosts, Topology topology) {
        Map<String, String> owners = new HashMap<>();
        for (String network : topology.networks()) {
            claim(owners, bridge(network), "network " + network);
        }
        for (String host : hosts) {
            Optional<Topology.HostNetwork> network = topology.host(host);
            int interfaces = network.map(n -> n.interfaces().size()).orElse(0);
            for (int i = 0; i < interfaces; i++) {
                claim(owners, peer(host, i), "interface " + interfaceName(i) + " of host " + host);
            }
        }
    }

    private static void claim(Map<String, String> owners, String link, String owner) {
        if (link.length() > MAX_LINK_NAME) {
            throw new BadInputException("netns backend: link name '" + link + "' of " + owner + " is longer than "
                    + MAX_LINK_NAME + " characters");
        }
        String other = owners.putIfAbsent(link, owner);
        if (other != null) {
            throw new BadInputException("netns backend: " + owner + " and " + other + " would both use the link name '"
                    + link + "'; rename one of the hosts");
        }
    }

    /**
     * The prefix a namespace called NAME belongs to, when it is one of ours; empty for any other
     * name (someone else's namespace).
     */
    public static Optional<String> prefixOf(String name) {
        if (!name.startsWith(MARK)) {
            return Optional.empty();
        }
        String rest = name.substring(MARK.length());
        int dot = rest.lastIndexOf('.');
        String prefix = rest.substring(0, dot + 1);
        String tail = rest.substring(dot + 1);
        try {
            DomainName.checkPrefix(prefix);
        } catch (BadInputException e) {
            return Optional.empty();
        }
        return tail.equals(GROUP_SUFFIX) || HOST.matcher(tail).matches() ? Optional.of(prefix) : Optional.empty();
    }

    /** True when namespace NAME is the group namespace of some prefix. */
    static boolean isGroup(String name) {
        return name.startsWith(MARK)
                && name.endsWith(GROUP_SUFFIX)
                && prefixOf(name).isPresent();
    }
}
