package dev.kvmrunner.domain.libvirt;

import static dev.kvmrunner.domain.Prerequisite.manual;
import static dev.kvmrunner.domain.Prerequisite.required;

import dev.kvmrunner.config.Topology;
import dev.kvmrunner.domain.Ability;
import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.BackendProvider;
import dev.kvmrunner.domain.BackendSetting;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.domain.ConfiguredBackend;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.Prerequisite;
import dev.kvmrunner.domain.Prerequisite.FileExists;
import dev.kvmrunner.domain.Prerequisite.Program;
import dev.kvmrunner.domain.Prerequisite.Root;
import dev.kvmrunner.domain.SettingValues;
import dev.kvmrunner.domain.qemu.QemuOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The libvirt backend: libvirt domains {@code <prefix><host>} on libvirt networks, each domain
 * group on the libvirt host of its connection URI ({@code --prefix b.=qemu+ssh://lab2/system}).
 */
public final class LibvirtProvider implements BackendProvider {
    static final List<BackendSetting> SETTINGS = List.of(
            BackendSetting.of(
                    "uri",
                    "KVM_LIBVIRT_URI",
                    "libvirt backend: the connection of every prefix without a location of its own (default "
                            + LibvirtSettings.DEFAULT_URI + "); --prefix b.=URI puts group b. on another libvirt host"),
            BackendSetting.of(
                    "reset",
                    "KVM_LIBVIRT_RESET",
                    "libvirt backend: reset a domain by booting it, or by restoring the state saved (virsh save) after its "
                            + "first login, on a libvirt host that is this machine (default boot)"),
            BackendSetting.of(
                            "disk",
                            "KVM_LIBVIRT_DISK",
                            "libvirt backend: boot each domain from a fresh copy-on-write overlay (qcow2) of this disk "
                                    + "image, which is never written, instead of the built guest image's kernel (default)")
                    .withFlag("--disk", "IMAGE"),
            BackendSetting.of("memory", "KVM_LIBVIRT_MEMORY", "each domain's memory, e.g. 128M or 1G (default 128M)"),
            BackendSetting.of("password", "KVM_LIBVIRT_PASSWORD", "root's password in the built image (default swan)"),
            BackendSetting.of(
                    "directory",
                    "KVM_LIBVIRT_DIRECTORY",
                    "on each libvirt host: the image copies (a storage pool there over ssh), disk overlays and console sockets, readable by libvirt's QEMU user (default "
                            + LibvirtSettings.DEFAULT_LIBVIRT_DIRECTORY + ")"));

    private static final Pattern MEMORY = Pattern.compile("(\\d+)\\s*([MmGg]?)i?[Bb]?");

    @Override
    public String name() {
        return LibvirtBackend.NAME;
    }

    @Override
    public String description() {
        return "a libvirt domain per domain (virsh -c URI), networks from [topology] as libvirt networks; "
                + "a domain group per connection URI, also on other machines";
    }

    @Override
    public List<BackendSetting> settings() {
        return SETTINGS;
    }

    @Override
    public List<Prerequisite> prerequisites() {
        return List.of(
                required(name(), new Program("virsh"), "virsh (every libvirt call)", "libvirt-clients"),
                required(
                        name(),
                        new Program("libvirtd"),
                        "libvirtd (start it: virtlogd -d; libvirtd -d)",
                        "libvirt-daemon-system"),
                required(name(), new Program("virtlogd"), "virtlogd (domain logs)", "libvirt-daemon-system"),
                manual(
                        name(),
                        new FileExists("/run/libvirt/libvirt-sock"),
                        "libvirtd running (its socket, for qemu:///system)",
                        "start it: mkdir -p /var/lib/libvirt/dnsmasq; virtlogd -d; libvirtd -d (or systemctl start libvirtd)",
                        true),
                required(
                        name(),
                        new Program("qemu-system-x86_64"),
                        "qemu-system-x86_64 (the domains)",
                        "qemu-system-x86"),
                required(name(), new FileExists("/bin/busybox"), "busybox-static (guest image)", "busybox-static"),
                required(name(), new Program("cpio"), "cpio (guest image)", "cpio"),
                manual(name(), new Root(), "root (qemu:///system)", "run as root, or in the libvirt group", false));
    }

    @Override
    public Set<Ability> abilities() {
        return Set.of(Ability.GROUP_INSTALL, Ability.CONSOLE, Ability.REMOTE_GROUPS, Ability.SNAPSHOT_RESET);
    }

    @Override
    public ConfiguredBackend configure(BackendSettings settings) {
        LibvirtSettings libvirt = read(settings.values(this), settings);
        return new ConfiguredBackend() {
            @Override
            public List<String> describe() {
                return libvirt.describe();
            }

            @Override
            public Backend create() {
                return new LibvirtBackend(libvirt);
            }
        };
    }

    /** The backend's settings from VALUES (its table, environment, flags) and the run's SETTINGS. */
    static LibvirtSettings read(SettingValues values, BackendSettings settings) {
        String uri = values.text("uri").map(String::strip).orElse(LibvirtSettings.DEFAULT_URI);
        checkUri(uri, () -> values.where("uri"));
        Map<String, String> locations = new TreeMap<>();
        settings.locations().forEach((prefix, location) -> {
            DomainName.checkPrefix(prefix);
            checkUri(location, () -> "--prefix " + prefix + "=" + location);
            locations.put(prefix, location);
        });
        int memory = values.text("memory").map(text -> memoryMiB(text, values)).orElse(128);
        Path directory = values.path("directory").orElse(LibvirtSettings.DEFAULT_LIBVIRT_DIRECTORY);
        LibvirtSettings.Reset reset =
                values.choice("reset", LibvirtSettings.Reset.class).orElse(LibvirtSettings.Reset.BOOT);
        Optional<Path> disk = values.path("disk");
        if (disk.isPresent() && !Files.isRegularFile(disk.get())) {
            throw values.bad("disk", "'" + disk.get() + "' is not a disk image file");
        }
        if (disk.isPresent() && reset == LibvirtSettings.Reset.SNAPSHOT) {
            // a saved memory state belongs with the disk as it was at the save
            throw values.bad("disk", "a disk image boots; reset = snapshot needs the built guest image");
        }
        Path cache = QemuOptions.fromEnvironment(settings.environment(), Topology.NONE, settings.log())
                .cacheDirectory();
        return new LibvirtSettings(
                uri,
                locations,
                memory,
                values.text("password").orElse("swan"),
                cache,
                directory,
                reset,
                disk,
                settings.knownHosts(),
                settings.topology(),
                Map.of(),
                settings.runId(),
                settings.timeouts(),
                settings.log());
    }

    private static int memoryMiB(String text, SettingValues values) {
        Matcher m = MEMORY.matcher(text.strip());
        if (!m.matches()) {
            throw values.bad("memory", "'" + text + "' is not a size such as 128M or 1G");
        }
        long amount = Long.parseLong(m.group(1))
                * (m.group(2).toUpperCase(Locale.ROOT).equals("G") ? 1024 : 1);
        if (amount < 16 || amount > 1 << 20) {
            throw values.bad("memory", "'" + text + "' is not between 16M and 1024G");
        }
        return (int) amount;
    }

    /** A libvirt connection URI: a scheme with a driver ({@code qemu:///system}, {@code qemu+ssh://host/system}). */
    private static void checkUri(String uri, java.util.function.Supplier<String> where) {
        try {
            URI parsed = new URI(uri);
            if (parsed.getScheme() == null
                    || !parsed.getScheme().matches("[a-z0-9]+(\\+[a-z0-9]+)?")
                    || parsed.getPath() == null
                    || parsed.getPath().isEmpty()) {
                throw new URISyntaxException(uri, "expected DRIVER[+TRANSPORT]://[HOST]/PATH");
            }
        } catch (URISyntaxException e) {
            throw new dev.kvmrunner.config.BadInputException(
                    where.get() + ": '" + uri + "' is not a libvirt connection URI such as "
                            + LibvirtSettings.DEFAULT_URI + " or qemu+ssh://HOST/system");
        }
    }
}
