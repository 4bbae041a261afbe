package dev.kvmrunner.suite;

import dev.kvmrunner.config.SuiteConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the host catalog of a suite that lives in a libreswan tree ({@code <testing>/pluto}),
 * the way that tree's own tools find it:
 * <ul>
 * <li>libreswan main: hosts are {@code <testing>/kvm/vm/*.xml}, platforms
 *     {@code <testing>/kvm/upgrade/[a-z]*.sh} (fab/hosts.py);</li>
 * <li>libreswan 2019: hosts are the regular files {@code <testing>/libvirt/vm/[a-z]+}
 *     (utils/kvmhosts.sh), read with the 2019 rules.</li>
 * </ul>
 */
public final class LibreswanTree {

    private static final Pattern LEGACY_HOST = Pattern.compile("[a-z]+");
    private static final Pattern PLATFORM = Pattern.compile("[a-z].*");

    private LibreswanTree() {}

    /** The catalog for a suite: its config's hosts, else its libreswan tree's, else the defaults. */
    public static HostCatalog catalog(SuiteConfig config) {
        if (!config.hosts().isEmpty()) {
            return HostCatalog.of(
                    config.directory().resolve(SuiteConfig.FILE_NAME).toString(), config.hosts());
        }
        Optional<HostCatalog> detected = detect(config.directory());
        return detected.isPresent() ? detected.get() : HostCatalog.of("default", HostCatalog.DEFAULT_HOSTS);
    }

    /** The catalog of the libreswan tree {@code suiteDirectory} is in, if it is in one. */
    public static Optional<HostCatalog> detect(Path suiteDirectory) {
        Path testing = suiteDirectory.toAbsolutePath().getParent();
        if (testing == null) {
            return Optional.empty();
        }
        Path vm = testing.resolve("kvm").resolve("vm");
        List<String> hosts = names(vm, ".xml");
        if (!hosts.isEmpty()) {
            List<String> platforms = new ArrayList<>();
            for (String platform : names(testing.resolve("kvm").resolve("upgrade"), ".sh")) {
                if (PLATFORM.matcher(platform).matches()) {
                    platforms.add(platform);
                }
            }
            return Optional.of(
                    platforms.isEmpty()
                            ? HostCatalog.of(vm.toString(), hosts)
                            : HostCatalog.withPlatforms(vm.toString(), hosts, platforms));
        }
        Path legacyVm = testing.resolve("libvirt").resolve("vm");
        List<String> legacyHosts = new ArrayList<>();
        for (String name : list(legacyVm)) {
            // kvmhosts.sh: `ls --indicator-style=file-type | grep '^[a-z]+$'` keeps plain files only
            if (LEGACY_HOST.matcher(name).matches()
                    && Files.isRegularFile(legacyVm.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                legacyHosts.add(name);
            }
        }
        if (!legacyHosts.isEmpty()) {
            return Optional.of(HostCatalog.legacy(legacyVm.toString(), legacyHosts));
        }
        return Optional.empty();
    }

    /** The stems of the visible files in {@code directory} ending in {@code suffix}. */
    private static List<String> names(Path directory, String suffix) {
        List<String> stems = new ArrayList<>();
        for (String name : list(directory)) {
            if (name.endsWith(suffix) && !name.startsWith(".") && name.length() > suffix.length()) {
                stems.add(name.substring(0, name.length() - suffix.length()));
            }
        }
        return stems;
    }

    private static String[] list(Path directory) {
        String[] names = new File(directory.toString()).list();
        return names == null ? new String[0] : names;
    }
}
