package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.BootAndLogin;
import dev.kvmrunner.domain.BootOutcome;
import dev.kvmrunner.domain.ConsoleAccess;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.FileTrees;
import dev.kvmrunner.domain.GroupInstaller;
import dev.kvmrunner.domain.ProcessTree;
import dev.kvmrunner.domain.SoftwareInstaller;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Domains are QEMU guests booted from an image built from Debian packages (see
 * {@link ImageBuilder}), networks are vde switches, one per network and prefix. What is
 * shared by the run (the image, the accelerator choice, the switches) is made once, on first
 * use, and released by {@link #close()}.
 */
public final class QemuBackend implements Backend, GroupInstaller, ConsoleAccess, SoftwareInstaller {
    public static final String NAME = "qemu";
    /** Environment variable of every QEMU this backend starts: the path of its console socket (for sh). */
    public static final String CONSOLE_MARKER = "KVMRUNNER_CONSOLE";
    /**
     * Timeouts under TCG: an emulated CPU runs a guest's commands several times slower than
     * KVM, for which suites (libreswan's) set their timeouts; I/O waits, which most test time
     * is, do not slow down, so a modest factor.
     */
    public static final double TCG_TIMEOUT_FACTOR = 2.0;

    private static final String INSTALLED = "installed";

    private final QemuOptions options;
    private final String runId;
    private final List<String> hosts;
    private final Timeouts timeouts;
    private final Map<String, VdeSwitch> switches = new LinkedHashMap<>();
    /** Snapshots of logged-in domains, by host and machine key: a domain of any group restores the first one saved. */
    private final Map<String, Path> sharedSnapshots = new java.util.concurrent.ConcurrentHashMap<>();
    /** Set when this QEMU refused a restore's stub kernel ({@link RestoreStub}): later restores read the kernel. */
    private final java.util.concurrent.atomic.AtomicBoolean stubsRefused =
            new java.util.concurrent.atomic.AtomicBoolean();

    private GuestImage image;
    private QemuOptions.Accel accel;
    private boolean closed;

    /** RUN_ID marks every process this backend starts, so leftovers of a killed run can be found. */
    public QemuBackend(QemuOptions options, String runId) {
        this(options, runId, List.of());
    }

    /** As above; HOSTS are the suite's hosts, whose state directories {@code install} makes. */
    public QemuBackend(QemuOptions options, String runId, List<String> hosts) {
        this(options, runId, hosts, Timeouts.DEFAULTS);
    }

    /** As above; TIMEOUTS bound every wait of the backend (shutdown, QMP, its commands, image builds). */
    public QemuBackend(QemuOptions options, String runId, List<String> hosts, Timeouts timeouts) {
        this.options = options;
        this.runId = runId;
        this.hosts = List.copyOf(hosts);
        this.timeouts = timeouts;
    }

    // ---- GroupInstaller: the runner installs a missing prefix for the run and removes it after ----

    @Override
    public boolean installed(String prefix) {
        return Files.isRegularFile(
                prefixDirectory(DomainName.checkPrefix(prefix)).resolve(INSTALLED));
    }

    @Override
    public void install(String prefix) {
        try {
            install(prefix, hosts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install prefix '" + prefix + "' of the qemu backend", e);
        }
    }

    @Override
    public void uninstall(String prefix) {
        try {
            uninstallState(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot uninstall prefix '" + prefix + "' of the qemu backend", e);
        }
    }

    @Override
    public List<String> installedPrefixes() {
        List<String> prefixes = new ArrayList<>();
        Path root = options.stateDirectory();
        if (!Files.isDirectory(root)) {
            return prefixes;
        }
        try (var entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry.resolve(INSTALLED))) {
                    String name = entry.getFileName().toString();
                    prefixes.add(name.equals("_") ? "" : name + "."); // see prefixDirectory
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return prefixes;
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
    public Optional<ConsoleAccess> consoleAccess() {
        return Optional.of(this);
    }

    @Override
    public Optional<SoftwareInstaller> softwareInstaller() {
        return Optional.of(this);
    }

    @Override
    public Domain domain(DomainName name, Path workDirectory) {
        return new QemuDomain(this, name, workDirectory);
    }

    QemuOptions options() {
        return options;
    }

    String runId() {
        return runId;
    }

    Timeouts timeouts() {
        return timeouts;
    }

    /** The guest image: the user's, or the built one (built once per inputs, see ImageBuilder). */
    public synchronized GuestImage image() throws IOException, InterruptedException {
        if (image == null) {
            if (options.disk().isPresent()) {
                Path disk = options.disk().get().toAbsolutePath();
                image = new GuestImage(null, null, disk, "disk " + disk + " " + Files.getLastModifiedTime(disk));
            } else if (options.kernel().isPresent()) {
                Path kernel = options.kernel().get().toAbsolutePath();
                Path initrd = options.initrd().orElseThrow().toAbsolutePath();
                image = new GuestImage(
                        kernel,
                        initrd,
                        null,
                        "user " + kernel + " " + Files.getLastModifiedTime(kernel) + " " + initrd + " "
                                + Files.getLastModifiedTime(initrd),
                        GuestImage.Kind.USER_KERNEL);
            } else if (options.guest().debian()) {
                GuestImage base = baseImage();
                image = softwareInstall().layer(base).orElse(base);
                if (!image.equals(base)) {
                    options.log().println("kvmrunner: domains boot from the installed software (" + image.disk() + ")");
                } else if (options.guest().installScript().isPresent()) {
                    options.log()
                            .println("kvmrunner: the suite's install step has not run on this image: domains boot "
                                    + "the plain image (run kvmrunner install)");
                }
            } else {
                image = new ImageBuilder(options.cacheDirectory(), options.log(), timeouts)
                        .image(options.kernelPackage(), options.password());
            }
        }
        return image;
    }

    /** Boots IMAGE instead of finding one (the install step's guest boots the plain image). */
    synchronized void useImage(GuestImage newImage) {
        image = newImage;
    }

    /** The suite's install step; afterwards this backend's domains boot from its result. */
    @Override
    public Optional<String> installSoftware() throws IOException, InterruptedException {
        Optional<String> done = softwareInstall().run();
        synchronized (this) {
            image = null; // found again: the installed layer may be new
        }
        return done;
    }

    /** The Debian image as built from packages, without the installed software. */
    synchronized GuestImage baseImage() throws IOException, InterruptedException {
        return new DebianImageBuilder(options.cacheDirectory(), options.log(), timeouts)
                .image(options.guest().packages(), options.password());
    }

    /** The suite's install step (kvm-install) and the disk layer it makes. */
    SoftwareInstall softwareInstall() {
        return new SoftwareInstall(this, options.stateDirectory().resolve("install"));
    }

    /**
     * The accelerator of this run. For auto: TCG unless /dev/kvm is usable and a KVM guest
     * really boots and logs in ({@link BootAndLogin#bootToPrompt}) within the probe timeout (on
     * some machines /dev/kvm exists but guests abort or crawl). Decided once per run.
     */
    public synchronized QemuOptions.Accel accel() throws IOException, InterruptedException {
        if (accel == null) {
            if (options.accel() != QemuOptions.Accel.AUTO) {
                accel = options.accel();
            } else {
                accel = probeKvm() ? QemuOptions.Accel.KVM : QemuOptions.Accel.TCG;
                options.log()
                        .println("kvmrunner: qemu accelerator: " + accel.name().toLowerCase(java.util.Locale.ROOT)
                                + (accel == QemuOptions.Accel.TCG ? " (KVM unusable here; software emulation)" : ""));
            }
        }
        return accel;
    }

    @Override
    public synchronized List<String> describe() {
        String chosen = accel != null
                ? accel.name().toLowerCase(java.util.Locale.ROOT)
                        + (options.accel() == QemuOptions.Accel.AUTO ? " (auto)" : "")
                : options.accel().name().toLowerCase(java.util.Locale.ROOT) + " (no guest booted)";
        return List.of(
                "accel: " + chosen,
                "reset: " + options.reset().name().toLowerCase(java.util.Locale.ROOT),
                "image: " + (options.guest().debian() ? "debian" : "busybox"),
                "memory: " + options.memory());
    }

    private boolean probeKvm() throws IOException, InterruptedException {
        Path kvm = Path.of("/dev/kvm");
        if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) {
            return false;
        }
        image(); // build outside the probe's deadline
        Path directory = Files.createTempDirectory("kvmrunner-kvm-probe-");
        QemuBackend probe = new QemuBackend(
                options.withAccel(QemuOptions.Accel.KVM)
                        .withReset(QemuOptions.Reset.BOOT)
                        .withKernelArguments(Map.of()),
                runId,
                List.of(),
                timeouts);
        probe.useImage(image);
        try (probe;
                Domain domain = probe.domain(new DomainName("", "kvmprobe"), directory.resolve("kvmprobe"))) {
            BootOutcome outcome = BootAndLogin.within(options.probeTimeout()).bootToPrompt(domain);
            if (outcome instanceof BootOutcome.Ready ready) {
                ready.console().close();
                return true;
            }
            return false;
        } finally {
            FileTrees.deleteRecursively(directory);
        }
    }

    /** The socket directory of NETWORK of PREFIX, its switch started on first use under GROUP_DIRECTORY. */
    synchronized Path network(String prefix, String network, Path groupDirectory)
            throws IOException, InterruptedException {
        if (closed) {
            throw new IOException("the qemu backend is closed");
        }
        String key = prefix + "net-" + network;
        VdeSwitch sw = switches.get(key);
        if (sw == null) {
            // '-' cannot occur in a host name: this never collides with a domain's directory
            sw = VdeSwitch.start(groupDirectory.resolve(key), runId, key, timeouts);
            switches.put(key, sw);
        }
        return sw.directory();
    }

    @Override
    public String costKey() {
        String accelerator;
        try {
            accelerator = accel().name();
        } catch (IOException e) {
            accelerator = "TCG";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            accelerator = "unknown";
        }
        return (NAME + "/" + accelerator + "/" + options.reset().name()).toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public double timeoutFactor() {
        try {
            return accel() == QemuOptions.Accel.TCG ? TCG_TIMEOUT_FACTOR : 1.0;
        } catch (IOException e) {
            return TCG_TIMEOUT_FACTOR; // the probe failed: KVM is not usable either
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1.0;
        }
    }

    /** Stops every switch; the domains are closed by their groups. Safe to call twice. */
    @Override
    public synchronized void close() {
        closed = true;
        switches.values().forEach(VdeSwitch::close);
        switches.clear();
    }

    // ---- install / uninstall: per-prefix state that outlives a run --------------------------------

    /** Where an installed prefix keeps its domains' state; '' is stored as "_". */
    private Path prefixDirectory(String prefix) {
        return options.stateDirectory().resolve(prefix.isEmpty() ? "_" : prefix.substring(0, prefix.length() - 1));
    }

    /**
     * What QEMU holds besides the guest's memory: its translation cache under TCG, its code and
     * buffers (measured: a 128M guest's QEMU held 220-226 MiB resident under TCG).
     */
    public static final long QEMU_OWN_MIB = 96;

    @Override
    public java.util.OptionalLong domainMemoryMiB() {
        return java.util.OptionalLong.of(options.memoryMiB() + QEMU_OWN_MIB);
    }

    /** Whether restores give QEMU a stub of the guest's kernel ({@link RestoreStub}), as they do until one is refused. */
    boolean restoresWithStubs() {
        return !stubsRefused.get();
    }

    /** A restore with the stub kernel failed (WHY); says so once, and later restores read the kernel itself. */
    void refuseRestoreStubs(String why) {
        if (stubsRefused.compareAndSet(false, true)) {
            options.log()
                    .println("kvmrunner: qemu did not restore with a stub of the kernel (" + why.strip()
                            + "); restores read the whole kernel from now on");
        }
    }

    @Override
    public boolean bootsYieldToTests() {
        return BootPriority.available();
    }

    @Override
    public String whyBootsDoNotYield() {
        return BootPriority.unavailableBecause().orElse("");
    }

    @Override
    public boolean sharesFirstBoots() {
        return options.reset() == QemuOptions.Reset.SNAPSHOT && options.shareSnapshots();
    }

    /**
     * The snapshot another domain of HOST saved with the machine KEY, when snapshots are shared:
     * the guests of one host are the same machine in every group (same kernel, memory, command
     * line, addresses; each group's networks are its own switches), so one cold boot per host
     * serves every group, not one per group.
     */
    Optional<Path> sharedSnapshot(String host, String key) {
        return Optional.ofNullable(sharedSnapshots.get(host + "\n" + key)).filter(Files::isRegularFile);
    }

    /** Offers FILE, a snapshot of HOST with machine KEY, to the other groups (the first one offered stays). */
    void shareSnapshot(String host, String key, Path file) {
        if (options.shareSnapshots()) {
            sharedSnapshots.putIfAbsent(host + "\n" + key, file);
        }
    }

    /** FILE no longer serves HOST (it failed to restore, or it is being deleted). */
    void forgetSnapshot(String host, Path file) {
        sharedSnapshots
                .entrySet()
                .removeIf(
                        e -> e.getKey().startsWith(host + "\n") && e.getValue().equals(file));
    }

    /** The state directory of domain NAME when its prefix is installed. */
    Optional<Path> installedDirectory(DomainName name) {
        Path prefixDir = prefixDirectory(name.prefix());
        return Files.isRegularFile(prefixDir.resolve(INSTALLED))
                ? Optional.of(prefixDir.resolve(name.host()))
                : Optional.empty();
    }

    /**
     * Creates PREFIX's per-domain state directories for HOSTS (where its snapshots are kept
     * from run to run) and a manifest of exactly what was made. Returns what it made; calling
     * it again adds only what is missing.
     */
    public List<Path> install(String prefix, List<String> hosts) throws IOException {
        DomainName.checkPrefix(prefix);
        Path prefixDir = prefixDirectory(prefix);
        List<Path> made = new ArrayList<>();
        if (!Files.isDirectory(prefixDir)) {
            Files.createDirectories(prefixDir);
            made.add(prefixDir);
        }
        for (String host : hosts) {
            Path hostDir = prefixDir.resolve(new DomainName(prefix, host).host());
            if (!Files.isDirectory(hostDir)) {
                Files.createDirectory(hostDir);
                made.add(hostDir);
            }
        }
        List<String> manifest = new ArrayList<>(readManifest(prefixDir));
        made.forEach(p -> manifest.add(p.toString()));
        Files.write(prefixDir.resolve(INSTALLED), manifest, StandardCharsets.UTF_8);
        return made;
    }

    /**
     * Removes what {@link #install} made for PREFIX (the state directories with the snapshots
     * in them, then the manifest) and nothing else. Returns what it removed; harmless when the
     * prefix is not installed.
     */
    public List<Path> uninstallState(String prefix) throws IOException {
        DomainName.checkPrefix(prefix);
        Path prefixDir = prefixDirectory(prefix);
        List<String> manifest = readManifest(prefixDir);
        List<Path> removed = new ArrayList<>();
        Files.deleteIfExists(prefixDir.resolve(INSTALLED));
        for (int i = manifest.size() - 1; i >= 0; i--) { // hosts before their prefix directory
            Path made = Path.of(manifest.get(i));
            if (!made.startsWith(options.stateDirectory())) {
                continue; // a manifest names only what install made under the state directory
            }
            if (Files.exists(made)) {
                FileTrees.deleteRecursively(made);
                removed.add(made);
            }
        }
        return removed;
    }

    private static List<String> readManifest(Path prefixDir) throws IOException {
        Path manifest = prefixDir.resolve(INSTALLED);
        return Files.isRegularFile(manifest) ? Files.readAllLines(manifest, StandardCharsets.UTF_8) : List.of();
    }

    // ---- sh ----------------------------------------------------------------------------------------

    @Override
    public Optional<ConsoleStream> attach(DomainName name, Duration timeout) throws IOException, InterruptedException {
        Optional<Path> socket = consoleSocket(name);
        return socket.isEmpty() ? Optional.empty() : Optional.of(SerialConsole.connect(socket.get(), timeout));
    }

    /**
     * The console socket of running domain NAME of any run on this machine (for {@code sh}):
     * found from the QEMU process marked with it. Connect with {@link SerialConsole#connect};
     * empty when no such domain runs.
     */
    public static Optional<Path> consoleSocket(DomainName name) {
        for (long pid : ProcessTree.ofDomain(name.toString())) {
            String socket = ProcessTree.environment(pid).get(CONSOLE_MARKER);
            if (socket != null && Files.exists(Path.of(socket))) {
                return Optional.of(Path.of(socket));
            }
        }
        return Optional.empty();
    }
}
