package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.config.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
public record GuestSettings(boolean debian, List<String> packages, Optional<Path> testing, String testingMount,
                            Optional<Path> source, Optional<String> installScript) {
    /** Where the source tree is mounted in the guest, as in libreswan's guests. */
    public static final String SOURCE_MOUNT = "/source";
    /** A Debian package name (policy 5.6.1), optionally with an architecture. */
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?");

    public static final GuestSettings BUSYBOX = new GuestSettings(false, List.of(), Optional.empty(), "/testing",
            Optional.empty(), Optional.empty());

    public GuestSettings {
        packages = List.copyOf(packages);
        if (!testingMount.startsWith("/")) {
            throw new BadInputException("KVM_QEMU_TESTING_MOUNT " + testingMount + ": expected an absolute guest path");
        }
    }

    /** The settings from backend options (the suite's tables, then the environment). */
    public static GuestSettings fromEnvironment(Map<String, String> env) {
        List<String> packages = parsePackages(env.getOrDefault("KVM_QEMU_PACKAGES", ""), "KVM_QEMU_PACKAGES");
        String image = env.getOrDefault("KVM_QEMU_IMAGE", packages.isEmpty() ? "busybox" : "debian").trim().toLowerCase(Locale.ROOT);
        if (!image.equals("busybox") && !image.equals("debian")) {
            throw new BadInputException("KVM_QEMU_IMAGE " + image + ": expected busybox or debian");
        }
        return new GuestSettings(image.equals("debian"), packages, nonEmpty(env.get("KVM_QEMU_TESTING")).map(Path::of),
                env.getOrDefault("KVM_QEMU_TESTING_MOUNT", "/testing"), nonEmpty(env.get("KVM_SOURCEDIR")).map(Path::of),
                nonEmpty(env.get("KVM_INSTALL_SCRIPT")));
    }

    /** Package names separated by spaces or commas; a name that is not a Debian package name is bad input. */
    public static List<String> parsePackages(String text, String where) {
        List<String> packages = new ArrayList<>();
        for (String word : text.split("[\\s,]+")) {
            if (word.isEmpty()) {
                continue;
            }
            Optional<String> problem = checkPackage(word);
            if (problem.isPresent()) {
                throw new BadInputException(where + ": " + problem.get());
            }
            packages.add(word);
        }
        return packages;
    }

    /** Why NAME is not a Debian package name, if it is not. */
    public static Optional<String> checkPackage(String name) {
        return name != null && PACKAGE.matcher(name).matches() ? Optional.empty()
                : Optional.of("'" + name + "' is not a Debian package name (lower-case letters, digits, + - .)");
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** The directories mounted into every guest: tag, host directory, guest path. */
    public List<Share> shares() {
        List<Share> shares = new ArrayList<>();
        testing.ifPresent(dir -> shares.add(new Share("testing", dir.toAbsolutePath().normalize(), testingMount)));
        source.ifPresent(dir -> shares.add(new Share("source", dir.toAbsolutePath().normalize(), SOURCE_MOUNT)));
        return shares;
    }

    /** A host directory exported to the guest over 9p under TAG and mounted at GUEST_PATH. */
    public record Share(String tag, Path directory, String guestPath) {
    }
}
