package dev.kvmrunner.config;

import dev.kvmrunner.timeouts.Timeouts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
 * # backend: how domains are made real: "process", "netns", "qemu" or "libvirt".
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
 * [qemu]                   # the qemu backend; environment variables and flags override these
 * accel = "auto"           # auto, kvm or tcg                        (KVM_QEMU_ACCEL, --accel)
 * reset = "snapshot"       # snapshot or boot                        (KVM_RESET, --reset)
 * memory = "128M"          # guest memory                            (KVM_QEMU_MEMORY)
 * password = "swan"        # root's password in the built image      (KVM_QEMU_PASSWORD)
 * kernel-package = "..."   # the Debian kernel package to build from (KVM_QEMU_KERNEL_PACKAGE)
 * kernel = "my/vmlinuz"    # your own kernel and initrd, relative to the suite (KVM_QEMU_KERNEL, KVM_QEMU_INITRD)
 * initrd = "my/initrd.gz"
 * disk = "my/disk.qcow2"   # your own disk image                     (KVM_QEMU_DISK)
 * image = "debian"         # busybox (the fast default) or debian    (KVM_QEMU_IMAGE)
 * packages = ["libreswan"] # Debian packages in the image; implies image = "debian" (KVM_QEMU_PACKAGES)
 * testing = ".."           # the host tree mounted in every Debian guest, relative to the suite;
 *                          #   default: the suite directory          (KVM_QEMU_TESTING)
 * testing-mount = "/testing" # where the guests mount it              (KVM_QEMU_TESTING_MOUNT)
 * source = "../.."         # the source tree, mounted at /source     (KVM_SOURCEDIR)
 *
 * [install]                # kvmrunner install / make kvm-install (qemu, Debian image)
 * script = "make install"  # shell commands run as root in a guest, in /source; the guest's disk
 *                          #   becomes the base of every domain      (KVM_INSTALL_SCRIPT)
 * </pre>
 *
 * @param directory  the suite directory, absolute (where the file is or would be)
 * @param hosts      the configured hosts; empty when the file does not say (then the host
 *                   catalog is found from the libreswan tree or defaults)
 * @param backend    the backend's name
 * @param sanitizers the sanitizer scripts, absolute, in the order they run
 * @param timeouts   the suite's timeouts
 * @param topology   the suite's networks (see {@link Topology}); empty when the file has none
 * @param backendOptions the {@code [qemu]} and {@code [install]} tables as backend option names
 *                   (KVM_QEMU_ACCEL, KVM_RESET, KVM_INSTALL_SCRIPT, ...); the environment and flags override them
 */
public record SuiteConfig(Path directory, List<String> hosts, String backend, List<Path> sanitizers,
                          Timeouts timeouts, Topology topology, Map<String, String> backendOptions) {

    /** The name of the file in the suite directory. */
    public static final String FILE_NAME = "kvmrunner.toml";
    public static final String DEFAULT_BACKEND = "process";

    public SuiteConfig {
        hosts = List.copyOf(hosts);
        sanitizers = List.copyOf(sanitizers);
        backendOptions = Map.copyOf(backendOptions);
    }

    /** All defaults, for a suite directory without a config file. */
    public static SuiteConfig defaults(Path directory) {
        return new SuiteConfig(directory.toAbsolutePath(), List.of(), DEFAULT_BACKEND, List.of(), Timeouts.DEFAULTS, Topology.NONE, Map.of());
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
