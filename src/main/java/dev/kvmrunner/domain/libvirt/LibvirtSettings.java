package dev.kvmrunner.domain.libvirt;

import dev.kvmrunner.config.Topology;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the libvirt backend makes its domains.
 *
 * @param uri             the connection of every prefix without a location of its own
 *                        ({@code qemu:///system}; env KVM_LIBVIRT_URI, {@code [libvirt] uri})
 * @param locations       the connection URI of a prefix placed elsewhere ({@code --prefix b.=URI})
 * @param memoryMiB       each domain's memory
 * @param password        root's password in the built image (shared with the qemu backend)
 * @param cacheDirectory  where the built image is (the qemu backend's cache: built once for both)
 * @param libvirtDirectory on the libvirt host: the image copies its domains boot and their console
 *                        sockets, readable by libvirt's QEMU user ({@code /var/lib/libvirt/kvmrunner})
 * @param reset           how a domain is reset between tests: boot, or restore a managed save
 * @param disk            the user's own disk image: each domain boots from a fresh copy-on-write overlay
 *                        of it ({@code [libvirt] disk}, KVM_LIBVIRT_DISK, {@code --disk}); empty for direct
 *                        kernel boot of the built guest image
 * @param hosts           the hosts {@code install} defines a domain for
 * @param topology        the suite's networks and each host's interfaces
 * @param kernelArguments extra kernel command line words per host (tests use kvmrunner.hang=1)
 * @param runId           the run, for messages; {@code install} for the install command, whose groups are kept
 * @param timeouts        every wait of the backend: virsh calls, shutdowns
 * @param log             where the backend says what it did that a person may want to know
 *                        (a power cycle, a destroy after a shutdown that did not finish)
 */
public record LibvirtSettings(
        String uri,
        Map<String, String> locations,
        int memoryMiB,
        String password,
        Path cacheDirectory,
        Path libvirtDirectory,
        Reset reset,
        Optional<Path> disk,
        List<String> hosts,
        Topology topology,
        Map<String, String> kernelArguments,
        String runId,
        Timeouts timeouts,
        PrintStream log) {
    /** The connection of a prefix without a location. */
    public static final String DEFAULT_URI = "qemu:///system";

    public static final Path DEFAULT_LIBVIRT_DIRECTORY = Path.of("/var/lib/libvirt/kvmrunner");

    /** How a domain is reset between tests. */
    public enum Reset {
        BOOT,
        SNAPSHOT
    }

    public LibvirtSettings {
        locations = Map.copyOf(locations);
        hosts = List.copyOf(hosts);
        kernelArguments = Map.copyOf(kernelArguments);
    }

    /** The connection URI of PREFIX's domain group: its location, else the default. */
    public String uriOf(String prefix) {
        return Optional.ofNullable(locations.get(prefix)).orElse(uri);
    }

    /** The settings as used, one "key: value" line each ({@code --dry-run}, the run's report header). */
    public List<String> describe() {
        List<String> lines = new java.util.ArrayList<>(List.of(
                "uri: " + uri,
                "memory: " + memoryMiB + "M",
                "directory: " + libvirtDirectory,
                "reset: " + reset.name().toLowerCase(java.util.Locale.ROOT),
                "boot: " + disk.map(d -> "overlay of disk " + d).orElse("kernel of the built guest image")));
        new java.util.TreeMap<>(locations)
                .forEach((prefix, location) -> lines.add("location of " + prefix + ": " + location));
        return lines;
    }

    /** These settings with extra kernel words per host (tests). */
    public LibvirtSettings withKernelArguments(Map<String, String> newKernelArguments) {
        return new LibvirtSettings(
                uri,
                locations,
                memoryMiB,
                password,
                cacheDirectory,
                libvirtDirectory,
                reset,
                disk,
                hosts,
                topology,
                newKernelArguments,
                runId,
                timeouts,
                log);
    }

    /** These settings with another reset (tests, bench). */
    public LibvirtSettings withReset(Reset newReset) {
        return new LibvirtSettings(
                uri,
                locations,
                memoryMiB,
                password,
                cacheDirectory,
                libvirtDirectory,
                newReset,
                disk,
                hosts,
                topology,
                kernelArguments,
                runId,
                timeouts,
                log);
    }
}
