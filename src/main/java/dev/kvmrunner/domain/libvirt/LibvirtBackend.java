package dev.kvmrunner.domain.libvirt;

import dev.kvmrunner.config.Topology;
import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.ConsoleAccess;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.GroupInstaller;
import dev.kvmrunner.domain.qemu.GuestImage;
import dev.kvmrunner.domain.qemu.ImageBuilder;
import dev.kvmrunner.domain.qemu.QemuBackend;
import dev.kvmrunner.domain.qemu.SerialConsole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Domains are libvirt domains named {@code <prefix><host>}, networks libvirt networks named
 * {@code <prefix><network>}, on the connection of their prefix ({@link LibvirtSettings#uriOf}):
 * a domain group is never split over two hosts. Everything is defined by {@code install} (or by
 * the runner for a missing group, and undefined after) and marked ({@link Mark}); kvmrunner
 * touches nothing that lacks its mark.
 */
public final class LibvirtBackend implements Backend, GroupInstaller, ConsoleAccess {
    public static final String NAME = "libvirt";

    private final LibvirtSettings settings;
    private final Map<String, Virsh> connections = new LinkedHashMap<>();
    private final Set<String> activeNetworks = new LinkedHashSet<>();
    private GuestImage image;

    public LibvirtBackend(LibvirtSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> describe() {
        return settings.describe();
    }

    LibvirtSettings settings() {
        return settings;
    }

    @Override
    public Domain domain(DomainName name, Path workDirectory) {
        return new LibvirtDomain(this, name);
    }

    /** Each libvirt host boots on its own CPUs: the runner keeps a boot pool per connection. */
    @Override
    public String machineOf(String prefix) {
        return settings.uriOf(prefix);
    }

    /**
     * A domain's memory and QEMU's own, as the qemu backend counts them, where every group's
     * domains run on this machine ({@link #isLocal}); empty where some run elsewhere.
     */
    @Override
    public java.util.OptionalLong domainMemoryMiB() {
        java.util.stream.Stream<String> uris = java.util.stream.Stream.concat(
                java.util.stream.Stream.of(settings.uri()), settings.locations().values().stream());
        return uris.allMatch(LibvirtBackend::isLocal)
                ? java.util.OptionalLong.of(settings.memoryMiB() + QemuBackend.QEMU_OWN_MIB)
                : java.util.OptionalLong.empty();
    }

    /** Domains are TCG guests, as the qemu backend's under software emulation. */
    @Override
    public double timeoutFactor() {
        return QemuBackend.TCG_TIMEOUT_FACTOR;
    }

    @Override
    public String costKey() {
        return (NAME + "/tcg/" + settings.reset().name()).toLowerCase(Locale.ROOT);
    }

    @Override
    public Optional<GroupInstaller> groupInstaller() {
        return Optional.of(this);
    }

    @Override
    public Optional<ConsoleAccess> consoleAccess() {
        return Optional.of(this);
    }

    /** The connection of PREFIX's group. */
    Virsh connection(String prefix) {
        return connectionTo(settings.uriOf(prefix));
    }

    /**
     * The connection to URI; the first use of a connection cleans up what runs killed with
     * SIGKILL left on its libvirt host ({@link #removeLeftovers}).
     */
    synchronized Virsh connectionTo(String uri) {
        Virsh virsh = connections.get(uri);
        if (virsh == null) {
            virsh = new Virsh(uri, settings.timeouts().libvirtCall());
            connections.put(uri, virsh);
            try {
                removeLeftovers(virsh);
            } catch (IOException e) {
                log("cannot look for what killed runs left on " + uri + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return virsh;
    }

    /**
     * True for {@code install}: what it defines is kept for later runs and has no user. A run
     * (or {@code sh}) that defines a group for itself marks it as its own, so that it is removed
     * when the run was killed with SIGKILL.
     */
    private boolean forKeeps() {
        return settings.runId().equals("install");
    }

    /** The mark of something this backend defines now for PREFIX's MEMBER. */
    private Mark newMark(String prefix, String member) {
        return forKeeps() ? new Mark(prefix, member, true, "") : new Mark(prefix, member, false, RunnerId.self());
    }

    void log(String message) {
        settings.log().println("kvmrunner: libvirt " + settings.runId() + ": " + message);
    }

    private final BootShares bootShares = new BootShares(this::log);

    /** The CPU shares of booting and running domains. */
    BootShares bootShares() {
        return bootShares;
    }

    /**
     * Booting domains get fewer CPU shares ({@link BootShares}), but whether a libvirt host honours
     * them shows only once a domain runs there: the runner keeps holding boots back beside a test
     * that computes.
     */
    @Override
    public String whyBootsDoNotYield() {
        return "libvirt domains get fewer CPU shares while they boot only where the libvirt host has a cgroup CPU"
                + " controller, which shows only once a domain runs";
    }

    // ---- what a domain needs ------------------------------------------------------------------

    /** The built guest image (the qemu backend's; built once per inputs). */
    synchronized GuestImage image() throws IOException, InterruptedException {
        if (image == null) {
            image = new ImageBuilder(settings.cacheDirectory(), settings.log())
                    .image(Optional.empty(), settings.password());
        }
        return image;
    }

    /**
     * The image's kernel and initramfs where libvirt's QEMU (its own user) can read them:
     * copied once per image into the libvirt directory (the build cache is the runner's, 0700).
     */
    synchronized Path[] placedImage(String prefix) throws IOException, InterruptedException {
        GuestImage built = image();
        Virsh virsh = connection(prefix);
        if (!isLocal(virsh.uri())) {
            return uploadedImage(virsh, built);
        }
        Path directory = settings.libvirtDirectory().resolve("images").resolve(built.id());
        Path kernel = directory.resolve("vmlinuz");
        Path initrd = directory.resolve("initrd.gz");
        if (!(Files.isRegularFile(kernel) && Files.isRegularFile(initrd))) {
            Files.createDirectories(directory);
            copy(built.kernel(), kernel);
            copy(built.initrd(), initrd);
        }
        return new Path[] {kernel, initrd};
    }

    /** The storage pool kvmrunner keeps its image copies in on a libvirt host that is not this machine. */
    static final String POOL = "kvmrunner";

    private final Map<String, Path[]> uploaded = new LinkedHashMap<>();

    /**
     * The image's kernel and initramfs on VIRSH's (remote) host: uploaded over the connection
     * ({@code virsh vol-upload}) into the directory pool {@value #POOL} at {@code directory/pool}
     * there, once per image (a {@code .done} volume says an upload finished).
     */
    private Path[] uploadedImage(Virsh virsh, GuestImage built) throws IOException, InterruptedException {
        String key = virsh.uri() + " " + built.id();
        Path[] done = uploaded.get(key);
        if (done != null) {
            return done;
        }
        ensurePool(virsh);
        Path[] paths = {
            upload(virsh, built.kernel(), built.id() + "-vmlinuz"),
            upload(virsh, built.initrd(), built.id() + "-initrd.gz")
        };
        uploaded.put(key, paths);
        return paths;
    }

    /** Defines, builds and starts pool {@value #POOL}; refuses one of that name in another directory (not ours). */
    private void ensurePool(Virsh virsh) throws IOException, InterruptedException {
        String target = settings.libvirtDirectory().resolve("pool").toString();
        var existing = virsh.call(null, "pool-dumpxml", POOL);
        if (!existing.ok()) {
            virsh.run("pool-define-as", POOL, "dir", "--target", target);
            virsh.run("pool-build", POOL);
        } else if (!existing.stdout().contains("<path>" + Xml.escape(target) + "</path>")) {
            throw new IOException("the libvirt storage pool " + POOL + " on " + virsh.uri() + " is not in " + target
                    + ", so not kvmrunner's: left alone; remove or rename it, or set directory");
        }
        if (!virsh.run("pool-info", POOL).matches("(?s).*State:\\s+running.*")) {
            virsh.run("pool-start", POOL);
        }
        virsh.run("pool-refresh", POOL);
    }

    /** FILE as volume VOLUME of the pool, uploaded unless a finished upload is there; its path on the libvirt host. */
    private static Path upload(Virsh virsh, Path file, String volume) throws IOException, InterruptedException {
        if (!virsh.call(null, "vol-info", "--pool", POOL, volume + ".done").ok()) {
            virsh.call(null, "vol-delete", "--pool", POOL, volume); // a half-made upload
            virsh.run("vol-create-as", POOL, volume, Long.toString(Files.size(file)), "--format", "raw");
            virsh.run("vol-upload", "--pool", POOL, volume, file.toString());
            virsh.run("vol-create-as", POOL, volume + ".done", "0", "--format", "raw");
        }
        return Path.of(virsh.run("vol-path", "--pool", POOL, volume).strip());
    }

    private static void copy(Path from, Path to) throws IOException {
        Path partial = to.resolveSibling(to.getFileName() + ".partial");
        Files.copy(from, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Where domain NAME's serial console listens, on its libvirt host. */
    Path consoleSocket(DomainName name) {
        return settings.libvirtDirectory().resolve("console").resolve(name + ".sock");
    }

    /** Where the saved state of domain NAME is kept (reset = snapshot), on its libvirt host. */
    Path saveFile(DomainName name) {
        return settings.libvirtDirectory().resolve("save").resolve(name + ".save");
    }

    /**
     * The XML of domain NAME as it would be defined now, with an unused mark: what a saved state
     * must have been made of to be restored (the user of a mark changes with every run).
     */
    String definition(DomainName name) throws IOException, InterruptedException {
        return definition(name, new Mark(name.prefix(), name.host(), false, ""));
    }

    private String definition(DomainName name, Mark mark) throws IOException, InterruptedException {
        Definitions.Boot boot;
        if (settings.disk().isPresent()) {
            boot = new Definitions.DiskBoot(overlay(name));
        } else {
            Path[] files = placedImage(name.prefix());
            boot = new Definitions.KernelBoot(
                    files[0], files[1], settings.kernelArguments().get(name.host()));
        }
        Optional<Path> socket = Optional.empty();
        if (isLocal(settings.uriOf(name.prefix()))) {
            socket = Optional.of(consoleSocket(name));
            Files.createDirectories(socket.get().getParent());
        }
        return Definitions.domain(
                name, mark, settings.memoryMiB(), boot, settings.topology().host(name.host()), socket);
    }

    /** The copy-on-write overlay of the user's disk image that domain NAME boots from, on its libvirt host. */
    Path overlay(DomainName name) {
        return settings.libvirtDirectory().resolve("disks").resolve(name + ".qcow2");
    }

    /**
     * Makes a fresh overlay of the user's disk image ({@code disk}) for domain NAME: every boot
     * starts from the image as it is, which is never written. The overlay is made with qemu-img
     * on this machine, so the libvirt host must be this machine.
     */
    void freshOverlay(Virsh virsh, DomainName name) throws IOException, InterruptedException {
        Path disk = settings.disk().orElseThrow();
        if (!isLocal(virsh.uri())) {
            throw new IOException("disk = " + disk + " needs a libvirt host that is this machine, not " + virsh.uri()
                    + ": the overlay of the disk image is made here");
        }
        Path overlay = overlay(name);
        Files.createDirectories(overlay.getParent());
        Files.deleteIfExists(overlay);
        localCommand(List.of(
                "qemu-img",
                "create",
                "-q",
                "-f",
                "qcow2",
                "-F",
                diskFormat(disk),
                "-b",
                disk.toAbsolutePath().toString(),
                overlay.toString()));
    }

    /** The format of disk image DISK (qcow2, raw, ...), as qemu-img finds it: an overlay must name its backing format. */
    private String diskFormat(Path disk) throws IOException, InterruptedException {
        String info = localCommand(List.of(
                "qemu-img", "info", "--output=json", disk.toAbsolutePath().toString()));
        Matcher format = Pattern.compile("\"format\"\\s*:\\s*\"([a-z0-9]+)\"").matcher(info);
        if (!format.find()) {
            throw new IOException("qemu-img info " + disk + ": no format in its answer");
        }
        return format.group(1);
    }

    private String localCommand(List<String> command) throws IOException, InterruptedException {
        var outcome = dev.kvmrunner.domain.ExternalCommand.run(
                command, null, Map.of(), null, false, settings.timeouts().imageStep());
        if (!outcome.ok()) {
            throw new IOException(String.join(" ", command) + ": "
                    + (outcome.stderr() + outcome.stdout()).strip().replace('\n', ' '));
        }
        return outcome.stdout();
    }

    /**
     * Whether a libvirt URI names this machine: then the console socket and the image paths are
     * ours too. A connection over ssh is remote whatever its host: it may be another machine's
     * view (a jump host, a container), and it is how the remote path is tested on loopback.
     */
    static boolean isLocal(String uri) {
        try {
            URI parsed = new URI(uri);
            if (parsed.getScheme() != null && parsed.getScheme().matches(".*\\+(ssh|libssh|libssh2)")) {
                return false;
            }
            String host = parsed.getHost();
            return host == null
                    || host.isEmpty()
                    || host.equals("localhost")
                    || host.startsWith("127.")
                    || host.equals("[::1]");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    // ---- marks ----------------------------------------------------------------------------------

    /** What is known of a domain or network NAME on a connection. */
    enum Owner {
        ABSENT,
        OURS,
        FOREIGN
    }

    /** Whether domain NAME exists there and carries our mark for it. */
    Owner ownerOfDomain(Virsh virsh, DomainName name) throws IOException, InterruptedException {
        return owner(virsh, "dumpxml", name.toString(), name.prefix(), name.host());
    }

    Owner ownerOfNetwork(Virsh virsh, String prefix, String network) throws IOException, InterruptedException {
        return owner(virsh, "net-dumpxml", NetworkName.of(prefix, network), prefix, network);
    }

    private static Owner owner(Virsh virsh, String dump, String name, String prefix, String member)
            throws IOException, InterruptedException {
        Optional<Optional<Mark>> mark = markIfThere(virsh, dump, name);
        if (mark.isEmpty()) {
            return Owner.ABSENT;
        }
        return mark.get().isPresent() && mark.get().get().marks(prefix, member) ? Owner.OURS : Owner.FOREIGN;
    }

    /** The mark of domain or network NAME: empty when it does not exist, an empty mark when it has none. */
    private static Optional<Optional<Mark>> markIfThere(Virsh virsh, String dump, String name)
            throws IOException, InterruptedException {
        var outcome = virsh.call(null, dump, name);
        if (!outcome.ok()) {
            String said = outcome.stderr() + outcome.stdout();
            if (said.contains("ailed to get")
                    || said.contains("not found")
                    || said.contains("no domain")
                    || said.contains("no network")) {
                return Optional.empty();
            }
            throw new Virsh.Failed("virsh -c " + virsh.uri() + " " + dump + " " + name + ": " + said.strip());
        }
        return Optional.of(Mark.in(outcome.stdout()));
    }

    /** Defines (or redefines) domain NAME with the current image and settings for install; refuses a foreign one. */
    private void define(Virsh virsh, DomainName name) throws IOException, InterruptedException {
        if (ownerOfDomain(virsh, name) == Owner.FOREIGN) {
            throw new IOException(foreign("domain", name.toString(), virsh));
        }
        virsh.feed(definition(name, newMark(name.prefix(), name.host())), "define", "/dev/stdin");
    }

    /**
     * Defines (or redefines) domain NAME to be booted by this runner, which its mark names as its
     * user, whether or not its group is kept; refuses a foreign one. Returns the mark.
     */
    Mark defineForBoot(Virsh virsh, DomainName name) throws IOException, InterruptedException {
        Optional<Optional<Mark>> existing = markIfThere(virsh, "dumpxml", name.toString());
        if (existing.isPresent()
                && !existing.get().map(m -> m.marks(name.prefix(), name.host())).orElse(false)) {
            throw new IOException(foreign("domain", name.toString(), virsh));
        }
        Mark mark = existing.flatMap(m -> m)
                .map(m -> m.usedBy(RunnerId.self()))
                .orElseGet(() -> new Mark(name.prefix(), name.host(), false, RunnerId.self()));
        virsh.feed(definition(name, mark), "define", "/dev/stdin");
        return mark;
    }

    /**
     * Puts MARK into domain NAME's metadata: with LIVE into the running domain (a restored state
     * carries the mark of the run that saved it), else into its definition (a kept domain's
     * definition names no user once it runs, so that a person's {@code virsh start} later is not
     * taken for the leftover of a killed run).
     */
    static void remark(Virsh virsh, DomainName name, Mark mark, boolean live) throws IOException, InterruptedException {
        virsh.run(
                "metadata",
                name.toString(),
                Mark.NAMESPACE,
                "--key",
                "kvmrunner",
                "--set",
                mark.bareElement(),
                live ? "--live" : "--config");
    }

    static String foreign(String what, String name, Virsh virsh) {
        return "the libvirt " + what + " " + name + " on " + virsh.uri()
                + " was not defined by kvmrunner (it lacks its "
                + "metadata): left alone; remove or rename it, or use another prefix";
    }

    /** Defines and starts the networks of HOST's interfaces in PREFIX's group, each once per backend. */
    void ensureNetworks(String prefix, String host) throws IOException, InterruptedException {
        List<String> networks =
                settings.topology().host(host).map(Topology.HostNetwork::interfaces).orElse(List.of()).stream()
                        .map(Topology.Interface::network)
                        .distinct()
                        .toList();
        for (String network : networks) {
            ensureNetwork(prefix, network);
        }
    }

    private synchronized void ensureNetwork(String prefix, String network) throws IOException, InterruptedException {
        Virsh virsh = connection(prefix);
        String key = virsh.uri() + " " + prefix + network;
        if (activeNetworks.contains(key)) {
            return;
        }
        String name = NetworkName.of(prefix, network);
        switch (ownerOfNetwork(virsh, prefix, network)) {
            case FOREIGN -> throw new IOException(foreign("network", name, virsh));
            case ABSENT -> virsh.feed(Definitions.network(newMark(prefix, network)), "net-define", "/dev/stdin");
            case OURS -> {}
        }
        if (!virsh.run("net-info", name).matches("(?s).*Active:\\s+yes.*")) {
            virsh.run("net-start", name);
        }
        if (isLocal(virsh.uri())) {
            keepHostOff(name);
        }
        activeNetworks.add(key);
    }

    /**
     * Makes the libvirt host's end of bridge NAME answer no ARP request (arp_ignore 8). By
     * default Linux answers for every address the host has on any interface, so a guest asking
     * for a test address that the host also has (192.0.2.2 is the eth0 of some machines) would
     * reach the host instead of the other guest. The test networks stay between the guests.
     */
    private static void keepHostOff(String bridge) throws IOException {
        Path arpIgnore = Path.of("/proc/sys/net/ipv4/conf", bridge, "arp_ignore");
        if (Files.exists(arpIgnore)) {
            Files.writeString(arpIgnore, "8\n");
        }
    }

    // ---- GroupInstaller ---------------------------------------------------------------------------

    @Override
    public boolean installed(String prefix) {
        return unchecked(
                "list the domain group '" + prefix + "'",
                () -> !domainsOf(prefix).isEmpty() || !networksOf(prefix).isEmpty());
    }

    /** Defines the networks of the topology (started) and a domain per host (stopped) of PREFIX. */
    @Override
    public void install(String prefix) {
        DomainName.checkPrefix(prefix);
        unchecked("install the domain group '" + prefix + "'", () -> {
            Virsh virsh = connection(prefix);
            for (String network : settings.topology().networks()) {
                ensureNetwork(prefix, network);
            }
            for (String host : settings.hosts()) {
                define(virsh, new DomainName(prefix, host));
            }
            return null;
        });
    }

    /** Destroys and undefines every domain and network marked as PREFIX's (and their saves), and nothing else. */
    @Override
    public void uninstall(String prefix) {
        DomainName.checkPrefix(prefix);
        unchecked("uninstall the domain group '" + prefix + "'", () -> {
            Virsh virsh = connection(prefix);
            for (String domain : domainsOf(prefix)) {
                removeDomain(virsh, new DomainName(prefix, domain.substring(prefix.length())));
            }
            for (String network : networksOf(prefix)) {
                removeNetwork(virsh, network);
            }
            synchronized (this) {
                activeNetworks.removeIf(key -> key.startsWith(virsh.uri() + " " + prefix));
            }
            return null;
        });
    }

    /** A libvirt call of the {@link GroupInstaller} methods, which throw no checked exceptions. */
    private interface Call<T> {
        T call() throws IOException, InterruptedException;
    }

    private static <T> T unchecked(String what, Call<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException("libvirt: cannot " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException("libvirt: cannot " + what, new IOException("interrupted"));
        }
    }

    /** Destroys and undefines domain NAME, and removes its saved state. */
    private void removeDomain(Virsh virsh, DomainName name) throws IOException, InterruptedException {
        String domain = name.toString();
        if (!virsh.run("domstate", domain).strip().equals("shut off")) {
            virsh.run("destroy", domain);
        }
        virsh.run("undefine", "--managed-save", "--snapshots-metadata", domain);
        if (isLocal(virsh.uri())) {
            Path save = saveFile(name);
            Files.deleteIfExists(save.resolveSibling(save.getFileName() + ".key"));
            Files.deleteIfExists(save);
            Files.deleteIfExists(overlay(name));
        }
    }

    private static void removeNetwork(Virsh virsh, String network) throws IOException, InterruptedException {
        if (virsh.run("net-info", network).matches("(?s).*Active:\\s+yes.*")) {
            virsh.run("net-destroy", network);
        }
        virsh.run("net-undefine", network);
    }

    /**
     * What runs of this machine that were killed with SIGKILL left on VIRSH's libvirt host: every
     * domain and network whose mark names a user that is gone ({@link RunnerId#gone}). What such a
     * run defined for itself is destroyed and undefined; a domain of a kept group ({@code install})
     * that it left running is destroyed (powered off) and stays defined, its mark without user.
     * A live run's things, a kept group's networks and anything without the mark stay as they are.
     */
    private void removeLeftovers(Virsh virsh) throws IOException, InterruptedException {
        for (String domain : virsh.names("list", "--all", "--name")) {
            Optional<Mark> mark = markOf(virsh, "dumpxml", domain);
            if (mark.isEmpty()
                    || !(mark.get().prefix() + mark.get().member()).equals(domain)
                    || !RunnerId.gone(mark.get().user())) {
                continue;
            }
            DomainName name = new DomainName(mark.get().prefix(), mark.get().member());
            if (mark.get().kept()) {
                if (LibvirtDomain.active(virsh.run("domstate", domain))) {
                    virsh.run("destroy", domain);
                }
                remark(virsh, name, mark.get().usedBy(""), false);
                log("powered off " + domain + ", left running by a killed run ("
                        + mark.get().user() + ")");
            } else {
                removeDomain(virsh, name);
                log("removed " + domain + ", defined by a killed run ("
                        + mark.get().user() + ")");
            }
        }
        for (String network : virsh.names("net-list", "--all", "--name")) {
            Optional<Mark> mark = markOf(virsh, "net-dumpxml", network);
            if (mark.isPresent()
                    && !mark.get().kept()
                    && NetworkName.of(mark.get().prefix(), mark.get().member()).equals(network)
                    && RunnerId.gone(mark.get().user())) {
                removeNetwork(virsh, network);
                log("removed network " + network + ", defined by a killed run ("
                        + mark.get().user() + ")");
            }
        }
    }

    @Override
    public List<String> installedPrefixes() {
        Set<String> uris = new LinkedHashSet<>();
        uris.add(settings.uri());
        uris.addAll(settings.locations().values());
        return unchecked("list the installed domain groups", () -> {
            Set<String> prefixes = new TreeSet<>();
            for (String uri : uris) {
                Virsh virsh = connectionTo(uri);
                for (Mark mark : marks(virsh, "dumpxml", virsh.names("list", "--all", "--name"))) {
                    prefixes.add(mark.prefix());
                }
                for (Mark mark : marks(virsh, "net-dumpxml", virsh.names("net-list", "--all", "--name"))) {
                    prefixes.add(mark.prefix());
                }
            }
            return List.copyOf(prefixes);
        });
    }

    /** The marked domains of PREFIX on its connection, by name. */
    List<String> domainsOf(String prefix) throws IOException, InterruptedException {
        Virsh virsh = connection(prefix);
        return marked(virsh, "dumpxml", prefix, virsh.names("list", "--all", "--name"), m -> prefix + m.member());
    }

    /** The marked networks of PREFIX on its connection, by name. */
    List<String> networksOf(String prefix) throws IOException, InterruptedException {
        Virsh virsh = connection(prefix);
        return marked(
                virsh,
                "net-dumpxml",
                prefix,
                virsh.names("net-list", "--all", "--name"),
                m -> NetworkName.of(prefix, m.member()));
    }

    private static List<String> marked(
            Virsh virsh,
            String dump,
            String prefix,
            List<String> names,
            java.util.function.Function<Mark, String> nameOf)
            throws IOException, InterruptedException {
        List<String> ours = new ArrayList<>();
        for (String name : names) {
            if (!name.startsWith(prefix)) {
                continue;
            }
            Optional<Mark> mark = markOf(virsh, dump, name);
            // the name must be the one kvmrunner gives the marked thing: a copied definition under another name is not
            // ours
            if (mark.isPresent()
                    && mark.get().prefix().equals(prefix)
                    && nameOf.apply(mark.get()).equals(name)) {
                ours.add(name);
            }
        }
        return ours;
    }

    private static List<Mark> marks(Virsh virsh, String dump, List<String> names)
            throws IOException, InterruptedException {
        List<Mark> marks = new ArrayList<>();
        for (String name : names) {
            markOf(virsh, dump, name).ifPresent(marks::add);
        }
        return marks;
    }

    private static Optional<Mark> markOf(Virsh virsh, String dump, String name)
            throws IOException, InterruptedException {
        var outcome = virsh.call(null, dump, name);
        return outcome.ok() ? Mark.in(outcome.stdout()) : Optional.empty(); // gone meanwhile
    }

    // ---- sh -----------------------------------------------------------------------------------------

    private static final Pattern SERIAL_SOURCE =
            Pattern.compile("<serial type='unix'>\\s*<source mode='bind' path='([^']+)'");

    /** The console of running domain NAME, when it is ours and runs. */
    @Override
    public Optional<ConsoleStream> attach(DomainName name, Duration timeout) throws IOException, InterruptedException {
        Virsh virsh = connection(name.prefix());
        if (ownerOfDomain(virsh, name) != Owner.OURS || !LibvirtDomain.active(virsh.run("domstate", name.toString()))) {
            return Optional.empty();
        }
        if (!isLocal(virsh.uri())) {
            return Optional.of(VirshConsole.connect(virsh, name, settings.runId(), timeout));
        }
        Matcher socket = SERIAL_SOURCE.matcher(virsh.run("dumpxml", name.toString()));
        if (!socket.find()) {
            throw new IOException(name + " has no serial console on a unix socket");
        }
        return Optional.of(SerialConsole.connect(Path.of(socket.group(1)), timeout));
    }
}
