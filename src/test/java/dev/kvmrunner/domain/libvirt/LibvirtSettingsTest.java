package dev.kvmrunner.domain.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.SuiteConfig;
import dev.kvmrunner.domain.Ability;
import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.domain.Backends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The libvirt backend reads its [libvirt] table, the environment and the prefixes' locations (LibvirtProvider). */
class LibvirtSettingsTest {
    @TempDir
    Path suite;

    private BackendSettings settings(String toml, Map<String, String> environment) throws IOException {
        Files.writeString(suite.resolve(SuiteConfig.FILE_NAME), toml);
        return BackendSettings.of("run", SuiteConfig.load(suite)).withEnvironment(environment);
    }

    @Test
    void theProviderIsRegisteredWithItsAbilities() {
        assertThat(Backends.names()).contains("libvirt");
        assertThat(Backends.provider("libvirt").abilities())
                .contains(Ability.GROUP_INSTALL, Ability.CONSOLE, Ability.REMOTE_GROUPS);
        assertThat(Backends.provider("libvirt").prerequisites())
                .anyMatch(p -> p.name().startsWith("virsh")
                        && p.debianPackage().orElseThrow().equals("libvirt-clients"));
    }

    @Test
    void theTableTheEnvironmentAndTheLocationsGiveEachPrefixItsConnection() throws IOException {
        BackendSettings settings = settings(
                        "hosts = [\"east\"]\n[libvirt]\nuri = \"qemu+ssh://lab1/system\"\nmemory = \"1G\"\n",
                        Map.of("KVM_LIBVIRT_MEMORY", "256M"))
                .with(Map.of(), Map.of("b.", "qemu+ssh://root@lab2/system"), System.err);
        LibvirtSettings libvirt = LibvirtProvider.read(settings.values(new LibvirtProvider()), settings);
        assertThat(libvirt.memoryMiB()).as("the environment beats the table").isEqualTo(256);
        assertThat(libvirt.uriOf("a.")).isEqualTo("qemu+ssh://lab1/system");
        assertThat(libvirt.uriOf("b.")).isEqualTo("qemu+ssh://root@lab2/system");
        try (Backend backend = Backends.configure("libvirt", settings).create()) {
            assertThat(backend.machineOf("a."))
                    .isNotEqualTo(backend.machineOf("b."))
                    .isEqualTo("qemu+ssh://lab1/system");
            assertThat(backend.describe())
                    .contains(
                            "uri: qemu+ssh://lab1/system",
                            "memory: 256M",
                            "location of b.: qemu+ssh://root@lab2/system");
        }
    }

    @Test
    void domainsCountAgainstThisMachinesMemoryOnlyWhereEveryGroupRunsHere() throws IOException {
        BackendSettings local = settings("hosts = [\"east\"]\n[libvirt]\nmemory = \"1G\"\n", Map.of());
        try (Backend backend = Backends.configure("libvirt", local).create()) {
            assertThat(backend.domainMemoryMiB()).hasValue(1024 + dev.kvmrunner.domain.qemu.QemuBackend.QEMU_OWN_MIB);
        }
        BackendSettings spread = local.with(Map.of(), Map.of("b.", "qemu+ssh://root@lab2/system"), System.err);
        try (Backend backend = Backends.configure("libvirt", spread).create()) {
            assertThat(backend.domainMemoryMiB()).isEmpty();
        }
    }

    @Test
    void theDefaultConnectionIsTheSystemLibvirtd() throws IOException {
        BackendSettings settings = settings("", Map.of());
        assertThat(LibvirtProvider.read(settings.values(new LibvirtProvider()), settings)
                        .uriOf("a."))
                .isEqualTo("qemu:///system");
    }

    @Test
    void theDiskIsATableKeyRelativeToTheSuiteAnEnvironmentVariableAndAFlag() throws IOException {
        Files.writeString(suite.resolve("base.qcow2"), "not really a disk, but a file");
        BackendSettings table = settings("[libvirt]\ndisk = \"base.qcow2\"\n", Map.of());
        assertThat(LibvirtProvider.read(table.values(new LibvirtProvider()), table)
                        .disk())
                .contains(suite.resolve("base.qcow2"));
        BackendSettings flag = settings("", Map.of("KVM_LIBVIRT_DISK", "/nowhere.qcow2"))
                .with(Map.of("--disk", suite.resolve("base.qcow2").toString()), Map.of(), System.err);
        assertThat(LibvirtProvider.read(flag.values(new LibvirtProvider()), flag)
                        .disk())
                .as("the flag beats the environment")
                .contains(suite.resolve("base.qcow2"));
        assertThat(LibvirtProvider.read(settings("", Map.of()).values(new LibvirtProvider()), settings("", Map.of()))
                        .describe())
                .contains("boot: kernel of the built guest image");

        assertThatThrownBy(
                        () -> Backends.configure("libvirt", settings("", Map.of("KVM_LIBVIRT_DISK", "/nowhere.qcow2"))))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("KVM_LIBVIRT_DISK")
                .hasMessageContaining("'/nowhere.qcow2' is not a disk image file");
        assertThatThrownBy(() -> Backends.configure(
                        "libvirt", settings("[libvirt]\ndisk = \"base.qcow2\"\nreset = \"snapshot\"\n", Map.of())))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("reset = snapshot needs the built guest image");
    }

    @Test
    void badValuesAreNamedWhereTheyWereWritten() throws IOException {
        assertThatThrownBy(() -> Backends.configure("libvirt", settings("[libvirt]\nmemory = \"lots\"\n", Map.of())))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("kvmrunner.toml:2")
                .hasMessageContaining("'lots'");
        assertThatThrownBy(() -> Backends.configure("libvirt", settings("", Map.of("KVM_LIBVIRT_URI", "lab2"))))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("KVM_LIBVIRT_URI: 'lab2' is not a libvirt connection URI");
        assertThatThrownBy(() -> Backends.configure(
                        "libvirt", settings("", Map.of()).with(Map.of(), Map.of("b.", "nowhere"), System.err)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("--prefix b.=nowhere");
        assertThatThrownBy(() ->
                        Backends.configure("libvirt", settings("[libvirt]\nurl = \"qemu:///system\"\n", Map.of())))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown key 'url'");
    }
}
