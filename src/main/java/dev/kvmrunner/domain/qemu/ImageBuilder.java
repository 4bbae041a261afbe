package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.domain.FileTrees;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the guest image from Debian packages into a cache directory: the cloud kernel
 * ({@code apt-get download}, unpacked with {@code dpkg-deb -x}, never installed) and an
 * initramfs of busybox-static, the virtio network modules and an init script (a resource)
 * that sets host name, addresses and routes from the kernel command line and runs getty
 * on ttyS0. The directory is named by a hash of every input; an image whose inputs did not
 * change is never rebuilt.
 */
public final class ImageBuilder {
    /** The meta-package that depends on the current cloud kernel. */
    public static final String KERNEL_META_PACKAGE = "linux-image-cloud-amd64";
    /** Virtio network modules, each after the ones it depends on. */
    static final List<String> MODULES = List.of(
            "virtio_ring",
            "virtio",
            "virtio_pci_legacy_dev",
            "virtio_pci_modern_dev",
            "virtio_pci",
            "failover",
            "net_failover",
            "virtio_net");

    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final String FORMAT = "kvmrunner-image-1";
    private static final String RESOURCES = "/dev/kvmrunner/domain/qemu/";

    private final Path cacheDirectory;
    private final AptAnswers aptAnswers;
    private final PrintStream log;
    private final Duration step;

    /** CACHE_DIRECTORY holds one directory per image ({@code <cache>/image/<hash>}); LOG gets one line per step. */
    public ImageBuilder(Path cacheDirectory, PrintStream log) {
        this(cacheDirectory, log, Timeouts.DEFAULTS);
    }

    /** As above; each command of the build has TIMEOUTS' image step. */
    public ImageBuilder(Path cacheDirectory, PrintStream log, Timeouts timeouts) {
        this.cacheDirectory = cacheDirectory;
        this.aptAnswers = new AptAnswers(cacheDirectory.resolve("apt-answers.properties"), AptAnswers.APT_STATE);
        this.log = log;
        this.step = timeouts.imageStep();
    }

    /**
     * The image for root password PASSWORD and kernel package KERNEL_PACKAGE (empty: the one
     * {@value #KERNEL_META_PACKAGE} depends on now), built when missing.
     */
    public GuestImage image(Optional<String> kernelPackage, String password) throws IOException, InterruptedException {
        String pkg = kernelPackage.isPresent() ? kernelPackage.get() : currentKernelPackage();
        String version = candidateVersion(pkg);
        String id = hash(pkg, version, password);
        Path dir = cacheDirectory.resolve("image").resolve(id);
        GuestImage image = new GuestImage(dir.resolve("vmlinuz"), dir.resolve("initrd.gz"), null, id);
        buildOnce(
                dir,
                inputs(pkg, version),
                log,
                "the guest image " + id + " from " + pkg + " " + version,
                work -> build(work, pkg, version, password));
        return image;
    }

    /** One step of a build into a work directory. */
    interface Build {
        void into(Path work) throws IOException, InterruptedException;
    }

    /**
     * Builds into DIR unless a build of it finished ({@code DIR/complete}, holding INPUTS):
     * BUILD fills a work directory beside it, which is then renamed into place, so that a
     * half-built image is never used and two builds at once both end with one whole image.
     */
    static void buildOnce(Path dir, String inputs, PrintStream log, String what, Build build)
            throws IOException, InterruptedException {
        if (Files.exists(dir.resolve("complete"))) {
            return;
        }
        Files.createDirectories(dir.getParent());
        // one build at a time per image: in this JVM (tests) and across processes (the lock file)
        synchronized (ImageBuilder.class) {
            try (FileChannel lock = FileChannel.open(
                            dir.resolveSibling(dir.getFileName() + ".lock"),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
                    FileLock held = lock.lock()) {
                if (!Files.exists(dir.resolve("complete"))) {
                    buildLocked(dir, inputs, log, what, build);
                }
            }
        }
    }

    private static void buildLocked(Path dir, String inputs, PrintStream log, String what, Build build)
            throws IOException, InterruptedException {
        log.println("kvmrunner: building " + what + " into " + dir);
        Files.createDirectories(dir.getParent());
        Path work = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp-");
        try {
            build.into(work);
            Files.writeString(work.resolve("complete"), inputs);
            try {
                Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                if (!Files.exists(dir.resolve("complete"))) {
                    throw e; // not another build that finished first
                }
            }
        } finally {
            FileTrees.deleteRecursively(work);
        }
        log.println("kvmrunner: guest image ready: " + dir);
    }

    /** The kernel package {@value #KERNEL_META_PACKAGE} depends on, e.g. linux-image-6.1.0-56-cloud-amd64. */
    String currentKernelPackage() throws IOException, InterruptedException {
        return dependedKernel(KERNEL_META_PACKAGE);
    }

    /** The kernel package META (a kernel meta-package) depends on now. */
    String dependedKernel(String meta) throws IOException, InterruptedException {
        return aptAnswers.answer("depends " + meta, () -> askDependedKernel(meta));
    }

    private String askDependedKernel(String meta) throws IOException, InterruptedException {
        String out = Exec.run(List.of("apt-cache", "depends", meta), null, null, step)
                .stdout();
        for (String line : out.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("Depends: linux-image-")) {
                return trimmed.substring("Depends: ".length()).strip();
            }
        }
        throw new IOException("apt-cache depends " + meta + " names no kernel package (run apt-get update?)");
    }

    /** The version apt would install of PKG. */
    String candidateVersion(String pkg) throws IOException, InterruptedException {
        return aptAnswers.answer("candidate " + pkg, () -> askCandidateVersion(pkg));
    }

    private String askCandidateVersion(String pkg) throws IOException, InterruptedException {
        String out =
                Exec.run(List.of("apt-cache", "policy", pkg), null, null, step).stdout();
        for (String line : out.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("Candidate:") && !trimmed.endsWith("(none)")) {
                return trimmed.substring("Candidate:".length()).strip();
            }
        }
        throw new IOException("no candidate version of " + pkg + " in the package lists (run apt-get update?)");
    }

    private void build(Path work, String pkg, String version, String password)
            throws IOException, InterruptedException {
        checkStatic(BUSYBOX);
        Path download = Files.createDirectories(work.resolve("download"));
        log.println("kvmrunner: apt-get download " + pkg + "=" + version);
        Exec.run(List.of("apt-get", "download", pkg + "=" + version), download, null, step);
        Path deb;
        try (Stream<Path> files = Files.list(download)) {
            deb = files.filter(p -> p.getFileName().toString().endsWith(".deb"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("apt-get download " + pkg + " left no .deb"));
        }
        Path unpacked = work.resolve("unpacked");
        Exec.run(List.of("dpkg-deb", "-x", deb.toString(), unpacked.toString()), null, null, step);
        Path kernel;
        try (Stream<Path> files = Files.list(unpacked.resolve("boot"))) {
            kernel = files.filter(p -> p.getFileName().toString().startsWith("vmlinuz-"))
                    .findFirst()
                    .orElseThrow(() -> new IOException(pkg + " has no /boot/vmlinuz-*"));
        }
        Files.copy(kernel, work.resolve("vmlinuz"));

        Path root = Files.createDirectories(work.resolve("root"));
        for (String dir : List.of("bin", "sbin", "etc", "lib/modules", "root", "proc", "sys", "dev", "tmp")) {
            Files.createDirectories(root.resolve(dir));
        }
        Files.copy(BUSYBOX, root.resolve("bin/busybox"));
        executable(root.resolve("bin/busybox"));
        Files.write(root.resolve("init"), resource("init.sh"));
        executable(root.resolve("init"));
        Files.write(root.resolve("etc/inittab"), resource("inittab"));
        Files.write(root.resolve("etc/profile"), resource("profile"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(root.resolve("etc/shadow"), "root:" + crypt(password) + ":19000:0:99999:7:::\n");
        Files.setPosixFilePermissions(root.resolve("etc/shadow"), PosixFilePermissions.fromString("rw-------"));
        copyModules(unpacked, root.resolve("lib/modules"), pkg);

        log.println("kvmrunner: packing the initramfs (cpio)");
        List<String> names = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root))
                    .forEach(p -> names.add(root.relativize(p).toString()));
        }
        byte[] cpio = cpio(root, names);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(work.resolve("initrd.gz")))) {
            gz.write(cpio);
        }
        FileTrees.deleteRecursively(download);
        FileTrees.deleteRecursively(unpacked);
        FileTrees.deleteRecursively(root);
    }

    /** PASSWORD as a shadow file's sha512 crypt string. */
    String crypt(String password) throws IOException, InterruptedException {
        checkStatic(BUSYBOX);
        return Exec.run(
                        List.of(BUSYBOX.toString(), "mkpasswd", "-m", "sha512"),
                        null,
                        (password + "\n").getBytes(StandardCharsets.UTF_8),
                        step)
                .stdout()
                .strip();
    }

    private byte[] cpio(Path root, List<String> names) throws IOException, InterruptedException {
        Path out = Files.createTempFile(root.getParent(), "initrd", ".cpio");
        try {
            // cpio writes the archive to stdout; Exec collects it as text, so write to a file instead
            Exec.run(
                    List.of("cpio", "--quiet", "-o", "-H", "newc", "-F", out.toString()),
                    root,
                    (String.join("\n", names) + "\n").getBytes(StandardCharsets.UTF_8),
                    step);
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void copyModules(Path unpacked, Path target, String pkg) throws IOException {
        List<Path> found;
        try (Stream<Path> walk = Files.walk(unpacked.resolve("lib/modules"))) {
            found = walk.filter(p -> p.getFileName().toString().endsWith(".ko")).toList();
        }
        String builtin = "";
        try (Stream<Path> walk = Files.walk(unpacked.resolve("lib/modules"))) {
            for (Path p : walk.filter(p -> p.getFileName().toString().equals("modules.builtin"))
                    .toList()) {
                builtin += Files.readString(p);
            }
        }
        for (String module : MODULES) {
            Optional<Path> file = found.stream()
                    .filter(p -> p.getFileName().toString().equals(module + ".ko"))
                    .findFirst();
            if (file.isPresent()) {
                Files.copy(file.get(), target.resolve(module + ".ko"));
            } else if (module.equals("virtio_net") && !builtin.contains("/virtio_net.ko")) {
                throw new IOException(pkg + " has neither a virtio_net module nor a built-in one");
            }
        }
    }

    /** Busybox must be static: the initramfs has no C library. Debian's busybox-static package has one. */
    private static void checkStatic(Path busybox) throws IOException {
        if (!Files.isExecutable(busybox)) {
            throw new IOException(busybox + " not found: install busybox-static");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(busybox)) {
            head = in.readNBytes(4096);
        }
        if (new String(head, StandardCharsets.ISO_8859_1).contains("/lib64/ld-linux")) {
            throw new IOException(busybox + " is dynamically linked: install busybox-static instead of busybox");
        }
    }

    static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ImageBuilder.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("resource missing from the build: " + RESOURCES + name);
            }
            return in.readAllBytes();
        }
    }

    private static String inputs(String pkg, String version) {
        return FORMAT + "\nkernel " + pkg + " " + version + "\n";
    }

    /** A short hash of everything that goes into the image. */
    private static String hash(String pkg, String version, String password) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(inputs(pkg, version).getBytes(StandardCharsets.UTF_8));
            all.write(password.getBytes(StandardCharsets.UTF_8));
            all.write(0);
            for (String name : List.of("init.sh", "inittab", "profile")) {
                all.write(resource(name));
                all.write(0);
            }
            all.write(String.join(",", MODULES).getBytes(StandardCharsets.UTF_8));
            all.write(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(BUSYBOX)));
            return HexFormat.of().formatHex(sha.digest(all.toByteArray())).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
