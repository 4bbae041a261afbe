package dev.kvmrunner.domain.libvirt;

import dev.kvmrunner.domain.ExternalCommand;
import dev.kvmrunner.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A libvirtd for the tests, started once for all of them and stopped by its PID at the end (this
 * machine kind has no systemd): virtlogd and libvirtd as daemons, libvirtd also listening on TCP
 * on loopback only, without authentication, so that {@code qemu+tcp://127.0.0.1/system} is a
 * second connection URI. A libvirtd that already answers is used as it is and left running.
 */
final class LibvirtDaemon implements BeforeAllCallback {
    static final String LOCAL = "qemu:///system";
    static final String TCP = "qemu+tcp://127.0.0.1/system";

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(
                        Started.class,
                        k -> {
                            try {
                                return Started.start();
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException(e);
                            }
                        },
                        Started.class);
    }

    /** Whether URI answers now. */
    static boolean answers(String uri) throws IOException, InterruptedException {
        return ExternalCommand.run(
                        List.of("virsh", "-c", uri, "version"), null, Map.of(), null, true, Duration.ofSeconds(60))
                .ok();
    }

    /** The daemons this class started (none when one was running), stopped when the tests end. */
    static final class Started implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final Optional<Path> directory;

        private Started(Optional<Path> directory) {
            this.directory = directory;
        }

        static Started start() throws IOException, InterruptedException {
            if (answers(LOCAL)) {
                return new Started(Optional.empty());
            }
            Path directory = Files.createTempDirectory("kvmrunner-libvirtd-");
            // what start made is stopped and removed again when it fails half-way (a daemon that never answers)
            Started started = new Started(Optional.of(directory));
            try {
                Files.writeString(directory.resolve("libvirtd.conf"), """
                        listen_tls = 0
                        listen_tcp = 1
                        listen_addr = "127.0.0.1"
                        auth_tcp = "none"
                        """, StandardCharsets.UTF_8);
                kvmForItsGroup();
                // an isolated network is refused without it (the package's systemd unit would make it)
                Files.createDirectories(Path.of("/var/lib/libvirt/dnsmasq"));
                daemon(List.of(
                        "virtlogd",
                        "-d",
                        "-p",
                        directory.resolve("virtlogd.pid").toString()));
                daemon(List.of(
                        "libvirtd",
                        "-d",
                        "-l",
                        "-f",
                        directory.resolve("libvirtd.conf").toString(),
                        "-p",
                        directory.resolve("libvirtd.pid").toString()));
                Await.until("libvirtd to answer", Duration.ofSeconds(60), () -> {
                    try {
                        return answers(LOCAL);
                    } catch (IOException e) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
            } catch (Throwable e) {
                started.close();
                throw e;
            }
            return started;
        }

        /**
         * /dev/kvm as Debian's udev rule leaves it (root:kvm 0660), where there is no udev. Else
         * libvirt's QEMU user cannot open it, libvirtd finds its cached QEMU capabilities (probed
         * as root, with KVM) outdated on every call and probes QEMU again: each define then
         * takes seconds to minutes. See docs/libvirt.md.
         */
        private static void kvmForItsGroup() throws IOException, InterruptedException {
            Path kvm = Path.of("/dev/kvm");
            if (Files.exists(kvm)
                    && !Files.getAttribute(kvm, "posix:group").toString().equals("kvm")) {
                daemon(List.of("chgrp", "kvm", kvm.toString()));
                daemon(List.of("chmod", "0660", kvm.toString()));
            }
        }

        /**
         * Runs COMMAND, which forks a daemon that must outlive it (libvirtd -d): not through
         * ExternalCommand, which ends whatever a command leaves behind. Its output goes nowhere,
         * so the daemon holds no pipe of ours.
         */
        private static void daemon(List<String> command) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": did not return within 30 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + ": exit status " + process.exitValue());
            }
        }

        @Override
        public void close() throws IOException {
            if (directory.isEmpty()) {
                return;
            }
            for (String daemon : List.of("libvirtd", "virtlogd")) {
                Path pidFile = directory.get().resolve(daemon + ".pid");
                if (Files.isRegularFile(pidFile)) {
                    long pid = Long.parseLong(Files.readString(pidFile).strip());
                    ProcessHandle.of(pid).ifPresent(p -> {
                        p.destroy();
                        p.onExit()
                                .orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                                .exceptionally(e -> {
                                    p.destroyForcibly();
                                    return p;
                                })
                                .join();
                    });
                }
            }
            dev.kvmrunner.domain.FileTrees.deleteRecursively(directory.get());
        }
    }
}
