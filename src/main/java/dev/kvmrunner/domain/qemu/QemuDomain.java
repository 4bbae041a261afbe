package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.config.Topology;
import dev.kvmrunner.console.Console;
import dev.kvmrunner.console.ConsoleException;
import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.console.Credentials;
import dev.kvmrunner.console.ShellQuote;
import dev.kvmrunner.domain.AfterLogin;
import dev.kvmrunner.domain.BootException;
import dev.kvmrunner.domain.CopiesTestDirectory;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.ProcessTree;
import dev.kvmrunner.timeouts.Deadline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A domain that is a QEMU guest: serial console on a unix socket, QMP for control, one
 * virtio NIC per interface of its host in the suite's topology, each on its group's own
 * vde switch for that network. With reset=snapshot, the state saved after its first login
 * is restored instead of booting (already logged in: no credentials), falling back to a
 * boot when there is no usable snapshot.
 */
final class QemuDomain implements Domain, AfterLogin, CopiesTestDirectory {
    /** Where the guest's shell starts before a test's files are copied in. */
    static final String GUEST_DIRECTORY = "/root";

    private final QemuBackend backend;
    private final DomainName name;
    private final Path directory;
    private QemuMachine machine;
    private boolean restored;

    QemuDomain(QemuBackend backend, DomainName name, Path directory) {
        this.backend = backend;
        this.name = name;
        this.directory = directory;
    }

    @Override
    public DomainName name() {
        return name;
    }

    @Override
    public synchronized ConsoleStream boot(Duration timeout) throws BootException, InterruptedException {
        shutdown(backend.timeouts().shutdownTimeout());
        Deadline deadline = Deadline.of(timeout);
        try {
            Files.createDirectories(directory);
            Machine spec = spec();
            Optional<Path> snapshot = Optional.empty();
            if (backend.options().reset() == QemuOptions.Reset.SNAPSHOT) {
                snapshot = usableSnapshot(spec);
                // this domain's own snapshot, else one another group saved of the same host on the same machine
                snapshot.ifPresent(file -> backend.shareSnapshot(name.host(), spec.key(), file));
                snapshot = snapshot.or(() -> backend.sharedSnapshot(name.host(), spec.key()));
            }
            if (snapshot.isPresent()) {
                try {
                    return restore(spec, snapshot.get(), deadline.remainingAtLeastAMillisecond());
                } catch (IOException e) {
                    // a snapshot that does not restore is thrown away; a cold boot makes a new one
                    machineNote("restore from " + snapshot.get() + " failed (" + e.getMessage() + "); booting instead");
                    shutdown(backend.timeouts().shutdownTimeout());
                    backend.forgetSnapshot(name.host(), snapshot.get());
                    deleteSnapshot();
                }
            }
            return coldBoot(spec, deadline.remainingAtLeastAMillisecond());
        } catch (IOException e) {
            shutdown(backend.timeouts().shutdownTimeout());
            throw new BootException(name + ": " + e.getMessage(), e);
        }
    }

    private ConsoleStream coldBoot(Machine spec, Duration timeout) throws IOException, InterruptedException {
        restored = false;
        if (spec.overlay() != null) {
            // a fresh copy-on-write overlay of the image's disk: every boot starts from the image
            Files.deleteIfExists(spec.overlay());
            Exec.run(
                    List.of(
                            "qemu-img",
                            "create",
                            "-q",
                            "-f",
                            "qcow2",
                            "-F",
                            "qcow2",
                            "-b",
                            spec.image().disk().toString(),
                            spec.overlay().toString()),
                    directory,
                    null,
                    timeout);
        }
        machine = QemuMachine.start(spec.args(), directory, markers(), timeout, backend.timeouts());
        SerialConsole console = SerialConsole.connect(machine.consoleSocket(), timeout);
        machine.cont(timeout);
        return console;
    }

    private ConsoleStream restore(Machine spec, Path snapshot, Duration timeout)
            throws IOException, InterruptedException {
        Deadline deadline = Deadline.of(timeout);
        if (backend.restoresWithStubs()) {
            List<String> stubbed = RestoreStub.args(spec.args(), directory);
            if (!stubbed.equals(spec.args())) {
                try {
                    return restore(spec, stubbed, snapshot, deadline.remainingAtLeastAMillisecond());
                } catch (IOException e) {
                    // no QEMU known refuses the stub; one that does still restores, given the kernel itself
                    shutdown(backend.timeouts().shutdownTimeout());
                    backend.refuseRestoreStubs(name + ": " + e.getMessage());
                }
            }
        }
        return restore(spec, spec.args(), snapshot, deadline.remainingAtLeastAMillisecond());
    }

    /** Starts QEMU with ARGS to take its state from SNAPSHOT. */
    private ConsoleStream restore(Machine spec, List<String> args, Path snapshot, Duration timeout)
            throws IOException, InterruptedException {
        if (spec.overlay() != null) {
            // the saved memory belongs with the disk as it was at the save
            Files.copy(diskOf(snapshot), spec.overlay(), StandardCopyOption.REPLACE_EXISTING);
        }
        machine = QemuMachine.restoring(args, snapshot, directory, markers(), timeout, backend.timeouts());
        SerialConsole console = SerialConsole.connect(machine.consoleSocket(), timeout);
        try {
            // console input sent before the restore completes is lost: return only once it runs
            machine.awaitRestored(timeout);
        } catch (IOException | InterruptedException e) {
            console.close();
            throw e;
        }
        restored = true;
        return console;
    }

    /** QEMU's own CPU time: under TCG the guest's work, the emulation included. */
    @Override
    public synchronized java.util.OptionalDouble cpuSeconds() {
        long ticks = machine == null ? -1 : machine.cpuTicks();
        return ticks < 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(ticks / 100.0);
    }

    @Override
    public synchronized void ready() {
        if (machine != null) {
            machine.running();
        }
    }

    @Override
    public synchronized Start lastStart() {
        return restored ? Start.RESTORED : Start.COLD;
    }

    /** Empty after a restore: the restored guest is already logged in. */
    @Override
    public synchronized Optional<Credentials> credentials() {
        return restored
                ? Optional.empty()
                : Optional.of(new Credentials("root", backend.options().password()));
    }

    /**
     * After a restore, sets the clock from the RTC (a restored guest's clock stands at the time
     * of the save). After a cold boot with reset=snapshot and no snapshot yet, saves one. Then
     * mounts the shared directories: only now, because a mounted 9p export blocks QEMU's
     * migration, so the snapshot is always of a guest with nothing mounted.
     */
    @Override
    public void afterLogin(Console console, Duration timeout)
            throws BootException, ConsoleException, InterruptedException {
        boolean wasRestored;
        QemuMachine current;
        synchronized (this) {
            wasRestored = restored;
            current = machine;
        }
        if (current == null) {
            return;
        }
        if (wasRestored) {
            console.run("busybox hwclock -s", timeout);
        } else if (backend.options().reset() == QemuOptions.Reset.SNAPSHOT) {
            saveSnapshot(current, timeout);
        }
        mountShares(console, timeout);
    }

    /** Mounts every shared directory (9p) at its guest path; a mount that fails fails the boot. */
    private void mountShares(Console console, Duration timeout)
            throws BootException, ConsoleException, InterruptedException {
        GuestImage image;
        try {
            image = backend.image();
        } catch (IOException e) {
            throw new BootException(name + ": " + e.getMessage(), e);
        }
        if (!image.mountsShares()) {
            return;
        }
        for (GuestSettings.Share share : backend.options().guest().shares()) {
            String path = ShellQuote.quote(share.guestPath());
            Console.Execution mount = console.execute(
                    "mkdir -p " + path + " && mount -t 9p -o "
                            + "trans=virtio,version=9p2000.L,msize=262144,cache=none " + share.tag() + " " + path,
                    timeout);
            if (mount.status() != 0) {
                throw new BootException(name + ": cannot mount " + share.directory() + " at " + share.guestPath() + ": "
                        + mount.output().strip());
            }
        }
    }

    private void saveSnapshot(QemuMachine current, Duration timeout) throws InterruptedException {
        try {
            Machine spec = spec();
            if (usableSnapshot(spec).isPresent()) {
                return;
            }
            Path file = snapshotFile();
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.deleteIfExists(partial);
            Path overlay = spec.overlay();
            current.save(partial, timeout, () -> {
                if (overlay != null) {
                    Files.copy(overlay, diskOf(file), StandardCopyOption.REPLACE_EXISTING);
                }
            });
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(keyFile(), spec.key(), StandardCharsets.UTF_8);
            backend.shareSnapshot(name.host(), spec.key(), file);
        } catch (IOException e) {
            // no snapshot means the next reset boots: slower, not wrong
            current.note("cannot save a snapshot: " + e.getMessage());
        }
    }

    /** The state directory of an installed prefix, else this run's directory for the domain. */
    private Path snapshotFile() {
        return backend.installedDirectory(name).orElse(directory).resolve("snapshot");
    }

    /** The disk overlay saved with SNAPSHOT (Debian image). */
    private static Path diskOf(Path snapshot) {
        return snapshot.resolveSibling(snapshot.getFileName() + ".disk");
    }

    private Path keyFile() {
        return snapshotFile().resolveSibling("snapshot.key");
    }

    private Optional<Path> usableSnapshot(Machine spec) throws IOException {
        Path file = snapshotFile();
        Path key = keyFile();
        if (Files.isRegularFile(file)
                && Files.isRegularFile(key)
                && Files.readString(key, StandardCharsets.UTF_8).equals(spec.key())) {
            return Optional.of(file);
        }
        return Optional.empty();
    }

    /** Forgets the snapshot, so that the next boot is cold (bench). */
    void deleteSnapshotForBench() throws IOException {
        deleteSnapshot();
    }

    private void deleteSnapshot() throws IOException {
        backend.forgetSnapshot(name.host(), snapshotFile());
        Files.deleteIfExists(keyFile());
        Files.deleteIfExists(snapshotFile());
        Files.deleteIfExists(diskOf(snapshotFile()));
    }

    /**
     * The QEMU arguments of this domain, and the key a snapshot must match to be restored with
     * them; OVERLAY is the domain's copy-on-write disk over IMAGE's (null: no disk of ours).
     */
    record Machine(List<String> args, String key, GuestImage image, Path overlay) {}

    private Machine spec() throws IOException, InterruptedException {
        GuestImage image = backend.image();
        QemuOptions.Accel accel = backend.accel();
        QemuOptions options = backend.options();
        List<String> args = new ArrayList<>(List.of("-name", name.toString(), "-M", "pc", "-m", options.memory()));
        if (accel == QemuOptions.Accel.KVM) {
            args.addAll(List.of("-accel", "kvm", "-cpu", "host"));
        } else {
            args.addAll(List.of("-accel", "tcg"));
        }
        Optional<Topology.HostNetwork> network = options.topology().host(name.host());
        List<String> append = new ArrayList<>(GuestKernelArguments.of(
                name.host(), network, options.kernelArguments().get(name.host())));
        if (network.isPresent()) {
            List<Topology.Interface> interfaces = network.get().interfaces();
            for (int i = 0; i < interfaces.size(); i++) {
                Topology.Interface nic = interfaces.get(i);
                Path sw = backend.network(name.prefix(), nic.network(), directory.getParent());
                args.addAll(List.of(
                        "-netdev",
                        "vde,id=net" + i + ",sock=" + sw,
                        "-device",
                        "virtio-net-pci,netdev=net" + i + ",mac=" + mac(i) + ",addr=0x"
                                + Integer.toHexString(0x10 + i)));
            }
        }
        Path overlay = null;
        List<GuestSettings.Share> shares =
                image.mountsShares() ? options.guest().shares() : List.of();
        if (image.isDisk()) {
            args.addAll(List.of("-drive", "file=" + image.disk() + ",if=virtio,snapshot=on"));
        } else if (image.kind() == GuestImage.Kind.DEBIAN) {
            overlay = directory.resolve("disk.qcow2");
            append.addAll(0, List.of("root=/dev/vda", "rw", "init=" + DebianImageBuilder.INIT));
            args.addAll(List.of(
                    "-kernel",
                    image.kernel().toString(),
                    "-initrd",
                    image.initrd().toString(),
                    "-append",
                    String.join(" ", append),
                    "-drive",
                    "file=" + overlay + ",if=virtio,format=qcow2"));
            for (GuestSettings.Share share : shares) {
                // security_model=none: files keep the owner and mode the guest gives them, as far as the runner may
                args.addAll(List.of(
                        "-virtfs",
                        "local,path=" + share.directory() + ",mount_tag=" + share.tag() + ",security_model=none,id="
                                + share.tag()));
            }
        } else {
            args.addAll(List.of(
                    "-bios",
                    "/usr/share/qemu/qboot.rom",
                    "-kernel",
                    image.kernel().toString(),
                    "-initrd",
                    image.initrd().toString(),
                    "-append",
                    String.join(" ", append)));
        }
        // a snapshot restores only into the same machine: same image, memory, accelerator, devices, command line
        String key = String.join(
                        "\n",
                        "image " + image.id(),
                        "accel " + accel,
                        "memory " + options.memory(),
                        "append " + String.join(" ", append),
                        "nics " + network.map(n -> n.interfaces().toString()).orElse("none"),
                        "shares " + shares)
                + "\n";
        return new Machine(args, key, image, overlay);
    }

    /** A MAC per domain and interface, stable across runs; prefixes never share a network. */
    private String mac(int index) {
        return GuestKernelArguments.mac(name.toString(), index);
    }

    private Map<String, String> markers() {
        // the owner marker lets the next run (and uninstall --all) find a QEMU whose runner was killed with SIGKILL
        Map<String, String> markers = new HashMap<>(ProcessTree.markers(backend.runId(), name.toString()));
        markers.put(
                QemuBackend.CONSOLE_MARKER, SerialConsole.socketIn(directory).toString());
        return markers;
    }

    private void machineNote(String message) {
        if (machine != null) {
            machine.note(message);
        }
    }

    /** The test directory as the guest sees it on the shared /testing mount, else where its shell starts. */
    @Override
    public String pathOf(Path testDirectory) {
        return mountedPath(testDirectory).orElse(GUEST_DIRECTORY);
    }

    /** Where TEST_DIRECTORY is in the guest when it is inside a mounted shared directory. */
    private Optional<String> mountedPath(Path testDirectory) {
        GuestImage image;
        try {
            image = backend.image();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (!image.mountsShares()) {
            return Optional.empty();
        }
        Path test = testDirectory.toAbsolutePath().normalize();
        for (GuestSettings.Share share : backend.options().guest().shares()) {
            if (test.startsWith(share.directory())) {
                String relative = share.directory().relativize(test).toString();
                return Optional.of(relative.isEmpty() ? share.guestPath() : share.guestPath() + "/" + relative);
            }
        }
        return Optional.empty();
    }

    /** Only a guest that cannot mount the test's directory gets a copy of it. */
    @Override
    public boolean needsCopy(Path testDirectory) {
        return mountedPath(testDirectory).isEmpty();
    }

    @Override
    public Optional<AfterLogin> afterLoginHook() {
        return Optional.of(this);
    }

    @Override
    public Optional<CopiesTestDirectory> testDirectoryCopy() {
        return Optional.of(this);
    }

    @Override
    public synchronized void shutdown(Duration timeout) throws InterruptedException {
        if (machine != null) {
            QemuMachine stopping = machine;
            machine = null;
            stopping.stop(timeout);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return machine != null && machine.isAlive();
    }

    @Override
    public void close() {
        try {
            shutdown(backend.timeouts().shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
