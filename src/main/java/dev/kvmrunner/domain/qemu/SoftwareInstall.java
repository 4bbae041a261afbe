package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.config.Topology;
import dev.kvmrunner.console.Console;
import dev.kvmrunner.console.ConsoleException;
import dev.kvmrunner.domain.BootAndLogin;
import dev.kvmrunner.domain.BootOutcome;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The suite's install step (libreswan's {@code make kvm-install}): its script runs as root in
 * a guest booted from the Debian image with /source (and /testing) mounted; that guest's disk
 * overlay then becomes a layer over the image's disk, kept in the state directory, and every
 * domain's own overlay is made over that layer instead. It runs again only when the image,
 * the script or the source tree (see {@link SourceFingerprint}) changed.
 *
 * <pre>
 * &lt;state&gt;/install/&lt;image id&gt;/disk.qcow2   the layer (backing file: the image's disk)
 *                               stamp        image id, script, source fingerprint it was made from
 *                               install.log  the script's output
 *                               complete     written last
 * </pre>
 */
final class SoftwareInstall {
    /** A console line is at most 4095 characters (the tty's canonical mode); the base64 script goes in one. */
    private static final int MAX_SCRIPT = 2800;

    private final QemuBackend backend;
    private final Path root;

    SoftwareInstall(QemuBackend backend, Path root) {
        this.backend = backend;
        this.root = root;
    }

    /** BASE with the installed layer as its disk, when the install step has run on BASE. */
    Optional<GuestImage> layer(GuestImage base) throws IOException {
        Path dir = root.resolve(base.id());
        if (!Files.isRegularFile(dir.resolve("complete"))) {
            return Optional.empty();
        }
        String stamp = Files.readString(dir.resolve("stamp"), StandardCharsets.UTF_8);
        return Optional.of(base.onDisk(
                dir.resolve("disk.qcow2"),
                base.id() + "+installed-" + hash(stamp).substring(0, 12)));
    }

    /** Runs the install step unless nothing changed; says which it did. Empty when the suite has none. */
    Optional<String> run() throws IOException, InterruptedException {
        QemuOptions options = backend.options();
        if (options.guest().installScript().isEmpty()) {
            return Optional.empty();
        }
        if (!options.guest().debian()) {
            throw new IOException("the install step needs the Debian image ([qemu] packages or image = \"debian\"): "
                    + "the busybox image cannot mount /source");
        }
        String script = options.guest().installScript().get();
        GuestImage base = backend.baseImage();
        Path dir = root.resolve(base.id());
        Optional<Path> source = options.guest().source();
        String before = stamp(base, script, source);
        if (Files.isRegularFile(dir.resolve("complete"))
                && Files.readString(dir.resolve("stamp"), StandardCharsets.UTF_8)
                        .equals(before)) {
            return Optional.of("install step skipped: neither the source"
                    + source.map(s -> " (" + s + ")").orElse("")
                    + " nor the image (" + base.id() + ") nor the script changed since it ran at "
                    + Files.getLastModifiedTime(dir.resolve("complete")));
        }
        long t0 = System.nanoTime();
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("complete"));
        Path work = Files.createTempDirectory(root, "install-");
        try {
            Path disk = runScript(base, script, work, dir.resolve("install.log"));
            Files.move(disk, dir.resolve("disk.qcow2"), StandardCopyOption.REPLACE_EXISTING);
            // after the script: a build in /source changes the tree, and that is not a change to install again
            Files.writeString(dir.resolve("stamp"), stamp(base, script, source), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("complete"), Instant.now() + "\n", StandardCharsets.UTF_8);
        } finally {
            FileTrees.deleteRecursively(work);
        }
        return Optional.of(String.format(
                "install step ran in %.1f s (image %s%s); its disk: %s",
                (System.nanoTime() - t0) / 1e9,
                base.id(),
                source.map(s -> ", source " + s).orElse(""),
                dir.resolve("disk.qcow2")));
    }

    /** Boots a guest on BASE, runs SCRIPT there, shuts it down cleanly; returns its disk overlay. */
    private Path runScript(GuestImage base, String script, Path work, Path log)
            throws IOException, InterruptedException {
        byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
        String encoded = Base64.getEncoder().encodeToString(bytes);
        if (encoded.length() > MAX_SCRIPT) {
            throw new IOException(
                    "the install script is " + bytes.length + " bytes; put longer ones in a file under the "
                            + "source or test tree and name that file in the script");
        }
        QemuOptions options = backend.options()
                .withReset(QemuOptions.Reset.BOOT)
                .withTopology(Topology.NONE)
                .withKernelArguments(Map.of());
        QemuBackend installer = new QemuBackend(options, backend.runId(), List.of(), backend.timeouts());
        installer.useImage(base);
        Path domainDirectory = work.resolve("install");
        try (installer;
                Domain domain = installer.domain(new DomainName("", "install"), domainDirectory)) {
            // the after-login hook mounts /source and /testing; the log goes on with the script's output
            BootOutcome outcome = BootAndLogin.within(backend.timeouts().imageBoot())
                    .transcribedTo(log)
                    .boot(domain);
            if (outcome instanceof BootOutcome.BootFailed failed) {
                throw new IOException("the install step's guest: " + failed.describe() + "; see " + log);
            }
            try (Console console = ((BootOutcome.Ready) outcome).console()) {
                runIn(console, encoded, options, log);
                domain.shutdown(backend.timeouts().shutdownTimeout());
            }
        } catch (ConsoleException e) {
            throw new IOException("the install step's guest: " + e.getMessage() + "; see " + log, e);
        }
        return domainDirectory.resolve("disk.qcow2");
    }

    /** Runs the install script (base64 ENCODED) on CONSOLE, then leaves the guest's file system clean for the layer. */
    private void runIn(Console console, String encoded, QemuOptions options, Path log)
            throws IOException, ConsoleException, InterruptedException {
        String cd = options.guest().source().isPresent() ? "cd " + GuestSettings.SOURCE_MOUNT + " && " : "";
        Console.Execution run = console.execute(
                cd + "echo " + encoded + " | base64 -d > /tmp/kvmrunner-install.sh && "
                        + "sh -e /tmp/kvmrunner-install.sh",
                backend.timeouts().install());
        if (run.status() != 0) {
            throw new IOException("the install step failed with status " + run.status() + "; its output: " + log);
        }
        // a clean file system in the layer: every domain's overlay starts from it
        console.run(
                "cd /; sync; umount -a -t 9p; mount -o remount,ro / || sync",
                backend.timeouts().imageBoot());
    }

    /** What the layer is made from: the image, the script and the source tree as it is now. */
    private static String stamp(GuestImage base, String script, Optional<Path> source) throws IOException {
        return "image " + base.id() + "\nscript " + hash(script) + "\nsource "
                + (source.isPresent()
                        ? source.get().toAbsolutePath() + " " + SourceFingerprint.of(source.get())
                        : "none")
                + "\n";
    }

    private static String hash(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
