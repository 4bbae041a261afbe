package dev.kvmrunner.domain.libvirt;

import static dev.kvmrunner.domain.libvirt.LibvirtTesting.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.cli.Main;
import dev.kvmrunner.config.Topology;
import dev.kvmrunner.domain.ExternalCommand;
import dev.kvmrunner.domain.FileTrees;
import dev.kvmrunner.domain.qemu.GuestImage;
import dev.kvmrunner.domain.qemu.ImageBuilder;
import dev.kvmrunner.domain.qemu.QemuOptions;
import dev.kvmrunner.testing.RequiresTools;
import dev.kvmrunner.testing.Slow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's own disk image ({@code --disk}): a real bootable disk (a FAT file system with
 * syslinux, the built guest image's kernel and initramfs, and a kernel command line of its own)
 * that each domain boots from through a fresh copy-on-write overlay, the image never written.
 */
@RequiresTools({
    "root",
    "virsh",
    "libvirtd",
    "virtlogd",
    "qemu-system-x86_64",
    "qemu-img",
    "busybox",
    "cpio",
    "dpkg-deb",
    "syslinux",
    "mcopy",
    "mkfs.vfat"
})
@ExtendWith(LibvirtDaemon.class)
@Tag("libvirt")
@Slow
class LibvirtDiskTest {
    /** A word only the disk's own boot loader puts on the kernel command line. */
    private static final String FROM_DISK = "kvmrunner.test=booted-from-disk";

    @TempDir
    Path suite;

    @TempDir
    Path work;

    @Test
    void aDomainBootsAnOverlayOfTheUsersDiskAndTheDiskStaysAsItWas() throws Exception {
        // libvirt's QEMU user must read the image: it lives in the libvirt directory, not the 0700 temporary one
        Path images = LibvirtSettings.DEFAULT_LIBVIRT_DIRECTORY.resolve(
                "test-disk-" + ProcessHandle.current().pid());
        Files.createDirectories(images);
        Path disk = images.resolve("base.qcow2");
        Files.writeString(
                suite.resolve("kvmrunner.toml"),
                "hosts = [\"east\"]\nbackend = \"libvirt\"\n[timeouts]\nboot = 90\n[libvirt]\ndisk = \"" + disk
                        + "\"\n");
        try {
            bootableDisk(disk);
            String before = sha256(disk);
            cli("uninstall", "--suite", suite.toString(), "--prefix", "ktd.");

            cli("install", "--suite", suite.toString(), "--prefix", "ktd.");
            String xml = new Virsh(LibvirtDaemon.LOCAL, Duration.ofSeconds(90)).run("dumpxml", "ktd.east");
            assertThat(xml).contains("<boot dev='hd'/>").doesNotContain("<kernel>");
            String shown = cli("sh", "--suite", suite.toString(), "ktd.east", "--", "hostname; cat /proc/cmdline");
            assertThat(shown).startsWith("east\n").contains(FROM_DISK);

            Path overlay = LibvirtSettings.DEFAULT_LIBVIRT_DIRECTORY.resolve("disks/ktd.east.qcow2");
            String info = run(List.of("qemu-img", "info", "--output=json", overlay.toString()));
            assertThat(info).contains("\"format\": \"qcow2\"").contains("\"backing-filename\": \"" + disk + "\"");
            assertThat(sha256(disk)).as("the user's image is never written").isEqualTo(before);

            cli("uninstall", "--suite", suite.toString(), "--prefix", "ktd.");
            assertThat(overlay).doesNotExist();
        } finally {
            Main.execute(
                    new PrintWriter(new StringWriter(), true),
                    new PrintWriter(new StringWriter(), true),
                    "uninstall",
                    "--suite",
                    suite.toString(),
                    "--prefix",
                    "ktd.");
            FileTrees.deleteRecursively(images);
        }
    }

    /**
     * A disk whose own boot loader boots the built guest image: FAT without a partition table
     * (what syslinux installs onto without mounting anything), as qcow2.
     */
    private void bootableDisk(Path disk) throws IOException, InterruptedException {
        GuestImage image = new ImageBuilder(
                        QemuOptions.fromEnvironment(System.getenv(), Topology.NONE, System.err)
                                .cacheDirectory(),
                        System.err)
                .image(Optional.empty(), "swan");
        Path raw = work.resolve("disk.img");
        Path config = work.resolve("syslinux.cfg");
        Files.writeString(
                config,
                "DEFAULT guest\nLABEL guest\n  KERNEL vmlinuz\n  INITRD initrd.gz\n"
                        + "  APPEND console=ttyS0 quiet panic=-1 kvmrunner.host=east " + FROM_DISK + "\n",
                StandardCharsets.UTF_8);
        Files.copy(image.kernel(), work.resolve("vmlinuz"));
        Files.copy(image.initrd(), work.resolve("initrd.gz"));
        run(List.of("truncate", "-s", "64M", raw.toString()));
        run(List.of("mkfs.vfat", raw.toString()));
        run(List.of(
                "mcopy",
                "-i",
                raw.toString(),
                work.resolve("vmlinuz").toString(),
                work.resolve("initrd.gz").toString(),
                config.toString(),
                "::/"));
        run(List.of("syslinux", "--install", raw.toString()));
        run(List.of("qemu-img", "convert", "-O", "qcow2", raw.toString(), disk.toString()));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        ExternalCommand.Outcome outcome =
                ExternalCommand.run(command, null, Map.of(), null, true, Duration.ofMinutes(2));
        assertThat(outcome.ok()).as(command + ": " + outcome.stdout()).isTrue();
        return outcome.stdout();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
