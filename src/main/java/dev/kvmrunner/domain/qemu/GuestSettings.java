package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.domain.SettingValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the guest is made of and what it shares with the host: the image kind (the busybox
 * initramfs, or a full Debian with the suite's packages), the directories mounted into every
 * guest, and the suite's install step. The suite's {@code [qemu]} and {@code [install]} tables
 * become these option names; the environment overrides them.
 *
 * @param debian        the full Debian image instead of busybox. KVM_QEMU_IMAGE (busybox or
 *                      debian); default debian when packages are named, else busybox
 * @param packages      Debian packages the image holds besides the base ones and the kernel.
 *                      KVM_QEMU_PACKAGES, separated by spaces or commas
 * @param testing       the host directory mounted read-write in every guest (the suite's
 *                      tree; libreswan: testing/). KVM_QEMU_TESTING; the suite config's
 *                      {@code testing} (default: the suite directory)
 * @param testingMount  where the guest mounts it. KVM_QEMU_TESTING_MOUNT; default /testing
 * @param source        the source tree of the software under test, mounted at /source.
 *                      KVM_SOURCEDIR
 * @param installScript shell commands run as root in a guest with /source mounted by
 *                      {@code kvmrunner install}; its disk becomes the base of the domains.
 *                      KVM_INSTALL_SCRIPT
 */
public record GuestSettings(
        boolean debian,
        List<String> packages,
        Optional<Path> testing,
        String testingMount,
        Optional<Path> source,
        Optional<String> installScript) {
    /** Where the source tree is mounted in the guest, as in libreswan's guests. */
    public static final String SOURCE_MOUNT = "/source";
    /** A Debian package name (policy 5.6.1), optionally with an architecture. */
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?");

    public static final GuestSettings BUSYBOX =
            new GuestSettings(false, List.of(), Optional.empty(), "/testing", Optional.empty(), Optional.empty());

    public GuestSettings {
        packages = List.copyOf(packages);
        if (!testingMount.startsWith("/")) {
            throw new BadInputException("KVM_QEMU_TESTING_MOUNT " + testingMount + ": expected an absolute guest path");
        }
    }

    /** The settings from VALUES and the suite's install step; the tree mounted defaults to the suite when it has a [qemu] table. */
    public static GuestSettings from(SettingValues values, BackendSettings settings) {
        List<String> packages = new ArrayList<>();
        for (String name : values.words("packages")) {
            checkPackage(name).ifPresent(problem -> {
                throw values.bad("packages", problem);
            });
            packages.add(name);
        }
        boolean debian = values.choice("image", Image.class).orElse(packages.isEmpty() ? Image.BUSYBOX : Image.DEBIAN)
                == Image.DEBIAN;
        String testingMount = values.text("testing-mount").orElse("/testing");
        if (!testingMount.startsWith("/")) {
            throw values.bad("testing-mount", "'" + testingMount + "' is not an absolute guest path");
        }
        Optional<Path> testing = directory(values, "testing")
                .or(() -> settings.tables().containsKey(QemuBackend.NAME)
                        ? Optional.of(settings.directory())
                        : Optional.empty());
        return new GuestSettings(
                debian, packages, testing, testingMount, directory(values, "source"), settings.installStep());
    }

    /** The guest image kinds. */
    private enum Image {
        BUSYBOX,
        DEBIAN
    }

    private static Optional<Path> directory(SettingValues values, String key) {
        Optional<Path> path = values.text(key).filter(text -> !text.isBlank()).flatMap(text -> values.path(key));
        if (path.isPresent() && !Files.isDirectory(path.get())) {
            throw values.bad(key, "'" + values.text(key).orElseThrow() + "' is not a directory: " + path.get());
        }
        return path;
    }

    /** Why NAME is not a Debian package name, if it is not. */
    public static Optional<String> checkPackage(String name) {
        return name != null && PACKAGE.matcher(name).matches()
                ? Optional.empty()
                : Optional.of("'" + name + "' is not a Debian package name (lower-case letters, digits, + - .)");
    }

    /** The directories mounted into every guest: tag, host directory, guest path. */
    public List<Share> shares() {
        List<Share> shares = new ArrayList<>();
        testing.ifPresent(
                dir -> shares.add(new Share("testing", dir.toAbsolutePath().normalize(), testingMount)));
        source.ifPresent(
                dir -> shares.add(new Share("source", dir.toAbsolutePath().normalize(), SOURCE_MOUNT)));
        return shares;
    }

    /** A host directory exported to the guest over 9p under TAG and mounted at GUEST_PATH. */
    public record Share(String tag, Path directory, String guestPath) {}
}
