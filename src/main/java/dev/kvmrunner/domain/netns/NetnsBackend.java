package dev.kvmrunner.domain.netns;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.Topology;
import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.ExternalCommand;
import dev.kvmrunner.domain.GroupInstaller;
import dev.kvmrunner.domain.ProcessTree;
import dev.kvmrunner.domain.ShellAccess;
import dev.kvmrunner.timeouts.Deadline;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Domains as Linux namespaces: real kernel networking, boots in milliseconds, root only.
 *
 * <p>A domain is a network namespace {@code kvmr-<prefix><host>} plus, for its console shell,
 * fresh UTS (hostname = host), mount (own /proc) and PID namespaces. The shell is pid 1 of its
 * PID namespace, so killing it ends every process of the domain; whatever else entered the
 * network namespace (a person's {@code sh}) is found through /proc and killed too.
 *
 * <p>A prefix's networks live in its group namespace {@code kvmr-<prefix>-net}: one bridge per
 * network of the suite's {@link Topology}, and the host end of every domain interface. Groups
 * are isolated from each other and from the machine's own interfaces; nothing is created in
 * the root namespace.
 *
 * <p>Lifecycle: {@code install} creates the group namespace and its bridges. Booting a domain
 * ends its processes, creates its network namespace afresh (only lo and the topology's
 * interfaces, addresses, routes and forwarding) and starts the shell. Shutting it down ends
 * its processes and deletes its namespace: a domain that is off has no interfaces and answers
 * nothing, and nothing a test changed outlives the test. {@code uninstall} kills every process
 * in the prefix's namespaces and deletes them; it finds them by name, so it also removes the
 * leftovers of a run that was killed with SIGKILL.
 */
public final class NetnsBackend implements Backend, GroupInstaller, ShellAccess {
    public static final String NAME = "netns";

    private final String runId;
    private final Timeouts timeouts;
    private final Commands commands;
    private final Topology topology;
    private final Set<String> hosts;

    public NetnsBackend(BackendSettings settings) {
        this.runId = settings.runId();
        this.timeouts = settings.timeouts();
        this.commands = new Commands(timeouts.localCommand());
        this.topology = settings.topology();
        Set<String> known = new TreeSet<>(settings.hosts());
        known.addAll(topology.hosts().keySet());
        this.hosts = known;
        NetnsNames.checkLinks(hosts, topology);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<GroupInstaller> groupInstaller() {
        return Optional.of(this);
    }

    @Override
    public Optional<ShellAccess> shellAccess() {
        return Optional.of(this);
    }

    @Override
    public Domain domain(DomainName name, Path workDirectory) {
        NetnsNames.checkPrefix(name.prefix());
        NetnsNames.checkLinks(List.of(name.host()), topology);
        return new NetnsDomain(this, name, workDirectory, runId, timeouts);
    }

    // ---- groups --------------------------------------------------------------------------

    @Override
    public boolean installed(String prefix) {
        return exists(NetnsNames.group(prefix));
    }

    @Override
    public synchronized void install(String prefix) {
        String group = NetnsNames.group(prefix); // a bad prefix is rejected before anything else
        requireRoot();
        if (!exists(group)) {
            commands.must(List.of("ip", "netns", "add", group));
        }
        commands.must(List.of("ip", "-n", group, "link", "set", "lo", "up"));
        for (String network : topology.networks()) {
            String bridge = NetnsNames.bridge(network);
            if (!commands.run(List.of("ip", "-n", group, "link", "show", "dev", bridge))
                    .ok()) {
                commands.must(List.of("ip", "-n", group, "link", "add", bridge, "type", "bridge"));
            }
            commands.must(List.of("ip", "-n", group, "link", "set", bridge, "up"));
        }
    }

    @Override
    public synchronized void uninstall(String prefix) {
        NetnsNames.checkPrefix(prefix);
        requireRoot();
        List<String> namespaces = namespacesOf(prefix);
        try {
            for (String namespace : namespaces) {
                List<Long> left = NetnsProcesses.kill(namespace, Deadline.of(timeouts.kill()));
                if (!left.isEmpty()) {
                    throw new NetnsException("processes in namespace " + namespace + " survived SIGKILL: " + left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetnsException("interrupted while uninstalling prefix '" + prefix + "'", e);
        }
        String group = NetnsNames.group(prefix);
        for (String namespace : namespaces) {
            if (!namespace.equals(group)) {
                deleteNamespace(namespace);
            }
        }
        deleteNamespace(group);
    }

    @Override
    public List<String> installedPrefixes() {
        Set<String> prefixes = new TreeSet<>();
        for (String namespace : ourNamespaces()) {
            NetnsNames.prefixOf(namespace).ifPresent(prefixes::add);
        }
        return List.copyOf(prefixes);
    }

    /** Every namespace of PREFIX (group and domains) that exists, by name. */
    static List<String> namespacesOf(String prefix) {
        List<String> found = new ArrayList<>();
        for (String namespace : ourNamespaces()) {
            if (NetnsNames.prefixOf(namespace).filter(prefix::equals).isPresent()) {
                found.add(namespace);
            }
        }
        return found;
    }

    /** Every namespace whose name is one of ours, sorted. */
    public static List<String> ourNamespaces() {
        Set<String> names = new TreeSet<>();
        if (Files.isDirectory(NetnsProcesses.NETNS_DIRECTORY)) {
            try (DirectoryStream<Path> entries =
                    Files.newDirectoryStream(NetnsProcesses.NETNS_DIRECTORY, NetnsNames.MARK + "*")) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (NetnsNames.prefixOf(name).isPresent()) {
                        names.add(name);
                    }
                }
            } catch (IOException e) {
                throw new NetnsException("cannot list " + NetnsProcesses.NETNS_DIRECTORY + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(names);
    }

    // ---- domains -------------------------------------------------------------------------

    /**
     * Creates domain NAME's network namespace from scratch: the old one (if any) and the host
     * ends of its veth pairs are deleted first. The caller has ended its processes.
     */
    void createDomainNamespace(DomainName name) {
        String group = NetnsNames.group(name.prefix());
        if (!exists(group)) {
            throw new NetnsException(
                    "domain group '" + name.prefix() + "' is not installed (no namespace " + group + ")");
        }
        deleteDomainNamespace(name);
        String namespace = NetnsNames.domain(name);
        Topology.HostNetwork network = topology.host(name.host()).orElse(null);
        int interfaces = network == null ? 0 : network.interfaces().size();
        commands.must(List.of("ip", "netns", "add", namespace));
        commands.must(List.of("ip", "-n", namespace, "link", "set", "lo", "up"));
        if (network == null) {
            setForwarding(namespace, false);
            return;
        }
        for (int i = 0; i < interfaces; i++) {
            Topology.Interface iface = network.interfaces().get(i);
            String peer = NetnsNames.peer(name.host(), i);
            String inside = NetnsNames.interfaceName(i);
            commands.must(List.of(
                    "ip", "-n", group, "link", "add", peer, "type", "veth", "peer", "name", inside, "netns",
                    namespace));
            commands.must(List.of(
                    "ip", "-n", group, "link", "set", peer, "master", NetnsNames.bridge(iface.network()), "up"));
            commands.must(List.of("ip", "-n", namespace, "addr", "add", iface.address(), "dev", inside));
            commands.must(List.of("ip", "-n", namespace, "link", "set", inside, "up"));
        }
        for (Topology.Route route : network.routes()) {
            commands.must(List.of("ip", "-n", namespace, "route", "add", route.to(), "via", route.via()));
        }
        setForwarding(namespace, network.forward());
    }

    /**
     * Deletes domain NAME's network namespace and the host ends of its veth pairs (the machine
     * is off: its addresses answer nothing); harmless when there is none. The caller has
     * ended its processes.
     */
    void deleteDomainNamespace(DomainName name) {
        String group = NetnsNames.group(name.prefix());
        int interfaces =
                topology.host(name.host()).map(n -> n.interfaces().size()).orElse(0);
        if (exists(group)) {
            for (int i = 0; i < interfaces; i++) {
                // deleting one end of a veth pair deletes both at once, even if the old namespace lingers
                // (when it is not there, ip says so and nothing happens)
                commands.run(List.of("ip", "-n", group, "link", "del", NetnsNames.peer(name.host(), i)));
            }
        }
        deleteNamespace(NetnsNames.domain(name));
    }

    /** A new namespace may inherit the machine's forwarding setting: always say it. */
    private void setForwarding(String namespace, boolean forward) {
        commands.must(List.of(
                "ip", "netns", "exec", namespace, "sysctl", "-q", "-w", "net.ipv4.ip_forward=" + (forward ? 1 : 0)));
    }

    private void deleteNamespace(String namespace) {
        if (exists(namespace)) {
            ExternalCommand.Outcome outcome = commands.run(List.of("ip", "netns", "del", namespace));
            if (!outcome.ok() && exists(namespace)) {
                throw new NetnsException(outcome.describe());
            }
        }
    }

    static boolean exists(String namespace) {
        return Files.exists(NetnsProcesses.NETNS_DIRECTORY.resolve(namespace));
    }

    /** Ends every process of domain NAME: those in its network namespace and those marked with it. */
    void killDomain(DomainName name, String domainMarker, Deadline deadline) throws InterruptedException {
        List<Long> left = NetnsProcesses.kill(NetnsNames.domain(name), deadline);
        ProcessTree.kill(ProcessTree.marked(ProcessTree.DOMAIN_MARKER, domainMarker));
        if (!left.isEmpty()) {
            throw new NetnsException("processes of " + name + " survived SIGKILL: " + left);
        }
    }

    /** The argument list that starts ARGS as pid 1 of fresh UTS, mount and PID namespaces inside domain NAME. */
    static List<String> inFreshNamespaces(DomainName name, List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                NetnsNames.domain(name),
                "unshare",
                "--uts",
                "--mount",
                "--pid",
                "--fork",
                "--mount-proc",
                "--kill-child",
                "--propagation",
                "slave",
                "--",
                "sh",
                "-c",
                "hostname \"$1\" && shift && exec \"$@\"",
                "kvmrunner-netns",
                name.host()));
        command.addAll(args);
        return command;
    }

    // ---- sh ------------------------------------------------------------------------------

    @Override
    public List<String> shellCommand(DomainName name, String command) {
        requireRoot();
        if (!installed(name.prefix())) {
            throw new BadInputException(
                    "domain " + name + " does not exist: its group is not installed; run: kvmrunner install --prefix '"
                            + name.prefix() + "'");
        }
        String namespace = NetnsNames.domain(name);
        if (!exists(namespace)) {
            createDomainNamespace(name);
        }
        List<String> shell = new ArrayList<>(List.of(
                "env",
                "HOSTNAME=" + name.host(),
                "KVM_PREFIX=" + name.prefix(),
                "KVM_DOMAIN=" + name,
                "PS1=[\\u@" + name.host() + " \\W]\\$ ",
                "bash",
                "--noprofile",
                "--norc"));
        if (command.isEmpty()) {
            shell.add("-i");
        } else {
            shell.addAll(List.of("-c", command));
        }
        OptionalLong init = NetnsProcesses.init(namespace);
        if (init.isPresent()) {
            List<String> join = new ArrayList<>(List.of(
                    "nsenter",
                    "--target",
                    Long.toString(init.getAsLong()),
                    "--net",
                    "--uts",
                    "--mount",
                    "--pid",
                    "--ipc",
                    "--"));
            join.addAll(shell);
            return join;
        }
        return inFreshNamespaces(name, shell);
    }

    // ---- prerequisites -------------------------------------------------------------------

    /** The netns backend changes the kernel's namespaces: only root may. */
    static void requireRoot() {
        if (!isRoot()) {
            throw new BadInputException(
                    "the netns backend needs root (it creates network namespaces); run as root or use --backend process");
        }
    }

    /** True when this process runs as uid 0 (read from /proc, no external command). */
    public static boolean isRoot() {
        return dev.kvmrunner.domain.Prerequisite.runsAsRoot();
    }
}
