package dev.kvmrunner.domain.libvirt;

import static dev.kvmrunner.domain.libvirt.LibvirtTesting.cli;
import static dev.kvmrunner.domain.libvirt.LibvirtTesting.everything;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.cli.Main;
import dev.kvmrunner.domain.ExternalCommand;
import dev.kvmrunner.testing.Await;
import dev.kvmrunner.testing.RequiresTools;
import dev.kvmrunner.testing.Slow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A domain group on a libvirt host reached over ssh ({@code qemu+ssh://}), which kvmrunner treats
 * as another machine even on loopback: the image is uploaded into a storage pool there (virsh
 * vol-upload), the console is {@code virsh console} under a pty. The sshd is this test's own: on
 * a loopback port, with keys and a config it generates, stopped by its pid afterwards; ssh keeps
 * its known hosts in the test's directory (a {@code command=} wrapper), never in root's.
 */
@RequiresTools({
    "root",
    "virsh",
    "libvirtd",
    "virtlogd",
    "virt-ssh-helper",
    "sshd",
    "ssh",
    "ssh-keygen",
    "qemu-system-x86_64",
    "busybox",
    "cpio",
    "dpkg-deb"
})
@ExtendWith(LibvirtDaemon.class)
@Tag("libvirt")
@Slow
class LibvirtRemoteTest {
    @TempDir
    Path suite;

    @TempDir
    Path ssh;

    private Process sshd;
    private boolean madeSshdDirectory;

    @AfterEach
    void stopSshd() throws IOException {
        if (sshd != null) {
            sshd.destroy();
            sshd.onExit()
                    .orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                    .exceptionally(e -> {
                        sshd.destroyForcibly();
                        return sshd;
                    })
                    .join();
        }
        if (madeSshdDirectory) {
            Files.deleteIfExists(Path.of("/run/sshd"));
        }
    }

    /** Starts sshd on a free loopback port; returns the qemu+ssh URI of this machine's libvirtd through it. */
    private String startSshd() throws IOException, InterruptedException {
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
        run(List.of(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-f",
                ssh.resolve("host_key").toString()));
        run(List.of(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-f",
                ssh.resolve("client_key").toString()));
        Files.copy(ssh.resolve("client_key.pub"), ssh.resolve("authorized_keys"));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Files.writeString(
                ssh.resolve("sshd_config"),
                "Port " + port + "\nListenAddress 127.0.0.1\nHostKey " + ssh.resolve("host_key") + "\nPidFile "
                        + ssh.resolve("sshd.pid") + "\nAuthorizedKeysFile " + ssh.resolve("authorized_keys")
                        + "\nPermitRootLogin prohibit-password\nPasswordAuthentication no\n"
                        + "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n");
        // sshd's privilege separation directory, which a package's service would make
        if (!Files.isDirectory(Path.of("/run/sshd"))) {
            Files.createDirectories(Path.of("/run/sshd"));
            madeSshdDirectory = true;
        }
        sshd = new ProcessBuilder(
                        "/usr/sbin/sshd",
                        "-D",
                        "-e",
                        "-f",
                        ssh.resolve("sshd_config").toString())
                .redirectErrorStream(true)
                .redirectOutput(ssh.resolve("sshd.log").toFile())
                .start();
        int listening = port;
        Await.until("sshd listens on 127.0.0.1:" + port, Duration.ofSeconds(20), () -> {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listening), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        Path wrapper = ssh.resolve("ssh");
        Files.writeString(
                wrapper,
                "#!/bin/sh\nexec ssh -o UserKnownHostsFile=" + ssh.resolve("known_hosts")
                        + " -o StrictHostKeyChecking=no -o BatchMode=yes \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        return "qemu+ssh://root@127.0.0.1:" + port + "/system?keyfile=" + ssh.resolve("client_key") + "&command="
                + wrapper;
    }

    @Test
    void aGroupOverSshBootsTheUploadedImageAndLogsInThroughVirshConsole() throws Exception {
        String uri = startSshd();
        assertThat(LibvirtBackend.isLocal(uri)).isFalse();
        Files.writeString(
                suite.resolve("kvmrunner.toml"),
                "hosts = [\"east\"]\nbackend = \"libvirt\"\n"
                        + "[timeouts]\nboot = 90\n[topology.networks.lan]\n[topology.hosts.east]\n"
                        + "interfaces = [{ network = \"lan\", address = \"192.0.2.1/24\" }]\n");
        Virsh remote = new Virsh(uri, Duration.ofSeconds(90));
        String prefix = "ktr.=" + uri;
        List<String> before = everything(remote);
        boolean poolBefore = remote.call(null, "pool-info", LibvirtBackend.POOL).ok();
        try {
            cli("install", "--suite", suite.toString(), "--prefix", prefix);
            String xml = remote.run("dumpxml", "--inactive", "ktr.east");
            assertThat(xml)
                    .contains("<serial type='pty'>")
                    .doesNotContain("type='unix'")
                    .containsPattern(
                            "<kernel>" + LibvirtSettings.DEFAULT_LIBVIRT_DIRECTORY + "/pool/[0-9a-f]+-vmlinuz");
            assertThat(cli(
                            "sh",
                            "--suite",
                            suite.toString(),
                            "--prefix",
                            prefix,
                            "ktr.east",
                            "--",
                            "hostname; ip -4 -o addr show eth0 | grep -c 192.0.2.1/24"))
                    .isEqualTo("east\n1\n");
            assertThat(remote.names("list", "--name")).doesNotContain("ktr.east");
            cli("uninstall", "--suite", suite.toString(), "--prefix", prefix);
            assertThat(everything(remote)).containsExactlyInAnyOrderElementsOf(before);
        } finally {
            Main.execute(
                    new PrintWriter(new StringWriter(), true),
                    new PrintWriter(new StringWriter(), true),
                    "uninstall",
                    "--suite",
                    suite.toString(),
                    "--prefix",
                    prefix);
            if (!poolBefore) {
                // the image cache on the "remote" host is kept across runs by design; the test removes its own
                remote.call(null, "pool-destroy", LibvirtBackend.POOL);
                remote.call(null, "pool-undefine", LibvirtBackend.POOL);
                dev.kvmrunner.domain.FileTrees.deleteRecursively(
                        Path.of(LibvirtSettings.DEFAULT_LIBVIRT_DIRECTORY.toString(), "pool"));
            }
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        ExternalCommand.Outcome outcome =
                ExternalCommand.run(command, null, Map.of(), null, true, Duration.ofSeconds(30));
        assertThat(outcome.ok()).as(command + ": " + outcome.stdout()).isTrue();
    }
}
