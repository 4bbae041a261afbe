package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.domain.FileTrees;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Builds the full Debian guest: a root file system made by {@code mmdebstrap} from this
 * machine's apt sources (the guest itself never needs a network), holding the suite's
 * packages and the generic kernel (whose modules include 9p and virtiofs), packed into one
 * ext4 disk ({@code mke2fs -d}, no loop mount) converted to qcow2. Every domain boots the
 * image's kernel and initramfs with that disk as the backing file of its own copy-on-write
 * overlay. No systemd: a small init (a resource) sets the guest up from the kernel command
 * line and runs a getty on ttyS0. Cached like the busybox image: the directory is named by a
 * hash of the package list, the kernel package and version, the password and the init, hook
 * and inittab resources.
 */
public final class DebianImageBuilder {
    /** The meta-package of Debian's generic kernel (the cloud kernel has neither 9p nor virtiofs). */
    public static final String KERNEL_META_PACKAGE = "linux-image-amd64";
    /** What every Debian guest holds besides the suite's packages: init, mount, ip, modprobe. */
    static final List<String> BASE_PACKAGES = List.of("busybox", "mount", "iproute2", "kmod", "procps");

    private static final String FORMAT = "kvmrunner-debian-image-2";
    private static final List<String> RESOURCES =
            List.of("debian-init.sh", "debian-inittab", "debian-setup-hook.sh", "debian-customize-hook.sh");
    static final String INIT = "/usr/local/sbin/kvmrunner-init";

    private final Path cacheDirectory;
    private final PrintStream log;
    private final Timeouts timeouts;
    /** The busybox image's builder, for the steps both images share (apt-cache, the root password). */
    private final ImageBuilder helper;

    /** CACHE_DIRECTORY holds one directory per image ({@code <cache>/image/<hash>}); LOG gets one line per step. */
    public DebianImageBuilder(Path cacheDirectory, PrintStream log) {
        this(cacheDirectory, log, Timeouts.DEFAULTS);
    }

    /** As above; mmdebstrap has TIMEOUTS' packages, the other commands its image step. */
    public DebianImageBuilder(Path cacheDirectory, PrintStream log, Timeouts timeouts) {
        this.cacheDirectory = cacheDirectory;
        this.log = log;
        this.timeouts = timeouts;
        this.helper = new ImageBuilder(cacheDirectory, log, timeouts);
    }

    /** The image with PACKAGES (besides the base ones and the kernel) and root password PASSWORD, built when missing. */
    public GuestImage image(List<String> packages, String password) throws IOException, InterruptedException {
        SortedSet<String> all = allPackages(packages);
        String inputs = inputs(all);
        String id = "debian-" + hash(inputs, password);
        Path dir = cacheDirectory.resolve("image").resolve(id);
        GuestImage image = new GuestImage(
                dir.resolve("vmlinuz"),
                dir.resolve("initrd.img"),
                dir.resolve("disk.qcow2"),
                id,
                GuestImage.Kind.DEBIAN);
        ImageBuilder.buildOnce(
                dir,
                inputs,
                log,
                "the Debian guest image " + id + " (" + String.join(" ", all) + ")",
                work -> build(work, List.copyOf(all), password));
        return image;
    }

    /**
     * The image's name for PACKAGES and PASSWORD, without building it: a hash of the package
     * list, the kernel package and version, the password and the init, hook and inittab resources.
     */
    public String id(List<String> packages, String password) throws IOException, InterruptedException {
        return "debian-" + hash(inputs(allPackages(packages)), password);
    }

    private static SortedSet<String> allPackages(List<String> packages) {
        TreeSet<String> all = new TreeSet<>(BASE_PACKAGES);
        all.addAll(packages);
        all.add(KERNEL_META_PACKAGE);
        return all;
    }

    private String inputs(SortedSet<String> all) throws IOException, InterruptedException {
        String kernelPackage = helper.dependedKernel(KERNEL_META_PACKAGE);
        String kernelVersion = helper.candidateVersion(kernelPackage);
        return FORMAT + "\npackages " + String.join(" ", all) + "\nkernel " + kernelPackage + " " + kernelVersion
                + "\n";
    }

    private void build(Path work, List<String> packages, String password) throws IOException, InterruptedException {
        Path root = work.resolve("root");
        Path hooks = Files.createDirectories(work.resolve("hooks"));
        for (String name : List.of("debian-setup-hook.sh", "debian-customize-hook.sh")) {
            Files.write(hooks.resolve(name), ImageBuilder.resource(name));
            ImageBuilder.executable(hooks.resolve(name));
        }
        List<String> command = new ArrayList<>(List.of(
                "mmdebstrap",
                "--variant=apt",
                "--mode=root",
                "--include=" + String.join(",", packages),
                "--dpkgopt=path-exclude=/usr/share/doc/*",
                "--dpkgopt=path-exclude=/usr/share/man/*",
                "--dpkgopt=path-exclude=/usr/share/locale/*",
                // a path to an executable: mmdebstrap runs it with the root as $1 (no shell string)
                "--setup-hook=" + hooks.resolve("debian-setup-hook.sh"),
                "--customize-hook=" + hooks.resolve("debian-customize-hook.sh"),
                codename(),
                root.toString()));
        command.addAll(aptSources());
        log.println("kvmrunner: mmdebstrap " + String.join(",", packages) + " (from this machine's apt sources)");
        long t0 = System.nanoTime();
        try {
            Exec.run(command, work, null, timeouts.packages());
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("cannot run")) {
                throw new IOException("cannot run mmdebstrap (apt-get install mmdebstrap): " + e.getMessage(), e);
            }
            throw e;
        }
        log.printf("kvmrunner: root file system built in %.0f s%n", (System.nanoTime() - t0) / 1e9);

        Path init = root.resolve(INIT.substring(1));
        Files.createDirectories(init.getParent());
        Files.write(init, ImageBuilder.resource("debian-init.sh"));
        ImageBuilder.executable(init);
        Files.write(root.resolve("etc/inittab"), ImageBuilder.resource("debian-inittab"));
        Path login =
                Files.createDirectories(root.resolve("usr/local/lib/kvmrunner")).resolve("login");
        Files.createSymbolicLink(login, Path.of("/bin/busybox")); // busybox runs the applet its name says
        setRootPassword(root.resolve("etc/shadow"), helper.crypt(password));
        Files.writeString(root.resolve("etc/fstab"), "/dev/vda / ext4 rw,errors=remount-ro 0 1\n");
        Files.copy(single(root.resolve("boot"), "vmlinuz-"), work.resolve("vmlinuz"));
        Files.copy(single(root.resolve("boot"), "initrd.img-"), work.resolve("initrd.img"));

        log.println("kvmrunner: packing the root file system into an ext4 disk (mke2fs -d), then qcow2");
        long bytes = FileTrees.size(root);
        long megabytes = bytes / (1 << 20) * 13 / 10 + 512; // room for what tests and installs write
        Path raw = work.resolve("disk.raw");
        Exec.run(
                List.of(
                        "mke2fs",
                        "-q",
                        "-F",
                        "-t",
                        "ext4",
                        "-L",
                        "kvmrunner",
                        "-d",
                        root.toString(),
                        raw.toString(),
                        megabytes + "M"),
                work,
                null,
                timeouts.imageStep());
        FileTrees.deleteRecursively(root);
        Exec.run(
                List.of(
                        "qemu-img",
                        "convert",
                        "-O",
                        "qcow2",
                        raw.toString(),
                        work.resolve("disk.qcow2").toString()),
                work,
                null,
                timeouts.imageStep());
        Files.delete(raw);
        FileTrees.deleteRecursively(hooks);
    }

    private static void setRootPassword(Path shadow, String crypted) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(shadow, StandardCharsets.UTF_8)) {
            lines.add(line.startsWith("root:") ? "root:" + crypted + line.substring(line.indexOf(':', 5)) : line);
        }
        Files.write(shadow, lines, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(shadow, PosixFilePermissions.fromString("rw-r-----"));
    }

    private static Path single(Path directory, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .sorted()
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new IOException("the Debian root has no " + directory + "/" + prefix + "*"));
        }
    }

    /** This machine's release code name (the suite mmdebstrap installs), from /etc/os-release. */
    static String codename() throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/os-release"), StandardCharsets.UTF_8)) {
            if (line.startsWith("VERSION_CODENAME=")) {
                return line.substring("VERSION_CODENAME=".length())
                        .replace("\"", "")
                        .strip();
            }
        }
        throw new IOException("/etc/os-release names no VERSION_CODENAME: cannot tell which Debian release to install");
    }

    /** This machine's apt source files; mmdebstrap pastes each into the new root's sources. */
    static List<String> aptSources() throws IOException {
        List<String> files = new ArrayList<>();
        Path list = Path.of("/etc/apt/sources.list");
        if (Files.isRegularFile(list)
                && Files.readAllLines(list).stream().anyMatch(l -> l.strip().startsWith("deb"))) {
            files.add(list.toString());
        }
        Path dir = Path.of("/etc/apt/sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                entries.filter(p ->
                                p.toString().endsWith(".list") || p.toString().endsWith(".sources"))
                        .sorted()
                        .forEach(p -> files.add(p.toString()));
            }
        }
        if (files.isEmpty()) {
            throw new IOException("this machine has no apt sources (/etc/apt/sources.list, /etc/apt/sources.list.d/)");
        }
        return files;
    }

    private static String hash(String inputs, String password) throws IOException {
        try {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(inputs.getBytes(StandardCharsets.UTF_8));
            all.write(password.getBytes(StandardCharsets.UTF_8));
            all.write(0);
            for (String name : RESOURCES) {
                all.write(ImageBuilder.resource(name));
                all.write(0);
            }
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(all.toByteArray()))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
