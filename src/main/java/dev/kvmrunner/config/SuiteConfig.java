package dev.kvmrunner.config;

import dev.kvmrunner.timeouts.Timeouts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A suite's settings, read from {@code kvmrunner.toml} in the suite directory (beside TESTLIST).
 * A missing file means every default. Flags and environment variables override these.
 *
 * <pre>
 * # kvmrunner.toml
 *
 * # hosts: the host roles the suite's tests may use. A host is named in a script's file name
 * #   (eastinit.sh, 99-west-east.sh) and becomes a domain "&lt;prefix&gt;&lt;host&gt;". Names are
 * #   lower-case letters and digits, starting with a letter.
 * #   Default: the hosts of the libreswan tree the suite is in (testing/kvm/vm/*.xml and
 * #   testing/kvm/upgrade/*.sh platforms, or 2019's testing/libvirt/vm/*), else
 * #   ["east", "west", "road", "north", "nic"].
 * hosts = ["east", "west", "nic"]
 *
 * # backend: how domains are made real: the name of a registered backend (process, netns, qemu, ...).
 * #   Default: "process".
 * backend = "process"
 *
 * # sanitizers: scripts that rewrite a transcript before it is compared, run in this order;
 * #   paths are relative to the suite directory and end in .sed, .awk or .pl.
 * #   Default: none.
 * sanitizers = ["sanitizers/cutout.sed", "sanitizers/ipsec-look.sed"]
 *
 * [timeouts]
 * # command: seconds one console command may take.   Default: 120.
 * command = 120
 * # boot: seconds a domain may take to boot and log in. Default: 60.
 * boot = 60
 * # shutdown: seconds a domain may take to shut down.  Default: 10.
 * shutdown = 10
 *
 * # [topology...]: networks and addresses for backends with real networks; see Topology.
 *
 * # [qemu], [netns], ...: a table per backend, named after it, kept as written here and read
 * #   and checked by that backend (its BackendProvider's settings; kvmrunner doctor --settings).
 * #   A table of a backend this build does not have is an error.
 *
 * [install]                # kvmrunner install / make kvm-install (qemu, Debian image)
 * script = "make install"  # shell commands run as root in a guest, in /source; the guest's disk
 *                          #   becomes the base of every domain      (KVM_INSTALL_SCRIPT)
 * </pre>
 *
 * @param directory  the suite directory, absolute (where the file is or would be)
 * @param hosts      the configured hosts; empty when the file does not say (then the host
 *                   catalog is found from the libreswan tree or defaults)
 * @param backend    the backend's name; empty when the file does not say (then the default backend)
 * @param sanitizers the sanitizer scripts, absolute, in the order they run
 * @param timeouts   the suite's timeouts
 * @param topology   the suite's networks (see {@link Topology}); empty when the file has none
 * @param backendTables the tables of backends ({@code [qemu]}) as written, by name; each backend reads its own
 * @param installScript the {@code [install] script}, when there is one
 */
public record SuiteConfig(
        Path directory,
        List<String> hosts,
        Optional<String> backend,
        List<Path> sanitizers,
        Timeouts timeouts,
        Topology topology,
        Map<String, BackendTable> backendTables,
        Optional<String> installScript) {

    /** The name of the file in the suite directory. */
    public static final String FILE_NAME = "kvmrunner.toml";

    public SuiteConfig {
        hosts = List.copyOf(hosts);
        sanitizers = List.copyOf(sanitizers);
        backendTables = Map.copyOf(backendTables);
    }

    /** All defaults, for a suite directory without a config file. */
    public static SuiteConfig defaults(Path directory) {
        return new SuiteConfig(
                directory.toAbsolutePath(),
                List.of(),
                Optional.empty(),
                List.of(),
                Timeouts.DEFAULTS,
                Topology.NONE,
                Map.of(),
                Optional.empty());
    }

    /**
     * Reads {@code <directory>/kvmrunner.toml}, or returns the defaults when there is none.
     *
     * @throws BadInputException naming the file (and line) when it is wrong
     */
    public static SuiteConfig load(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return defaults(directory);
        }
        return SuiteConfigFile.read(directory.toAbsolutePath(), file);
    }
}
