package dev.kvmrunner.domain.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.SuiteConfig;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.domain.Backends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The qemu backend reads its own [qemu] table, the environment and its flags (see QemuProvider). */
class QemuSettingsTest {
    @TempDir
    Path suite;

    private BackendSettings settings(String toml, Map<String, String> environment) throws IOException {
        Files.writeString(suite.resolve(SuiteConfig.FILE_NAME), toml);
        return BackendSettings.of("run", SuiteConfig.load(suite)).withEnvironment(environment);
    }

    private static QemuOptions options(BackendSettings settings) {
        return QemuOptions.from(settings.values(new QemuProvider()), settings);
    }

    private void configure(String toml) throws IOException {
        Backends.configure("qemu", settings(toml, Map.of()));
    }

    @Test
    void theQemuTableGivesTheOptionsWithPathsFromTheSuite() throws IOException {
        Files.createDirectories(suite.resolve("img"));
        Files.writeString(suite.resolve("img/vmlinuz"), "k");
        Files.writeString(suite.resolve("img/initrd.gz"), "i");
        QemuOptions options = options(settings("""
                [qemu]
                accel = "tcg"
                reset = "boot"
                memory = "256M"
                kernel = "img/vmlinuz"
                initrd = "img/initrd.gz"
                """, Map.of()));
        assertThat(options.accel()).isEqualTo(QemuOptions.Accel.TCG);
        assertThat(options.reset()).isEqualTo(QemuOptions.Reset.BOOT);
        assertThat(options.memory()).isEqualTo("256M");
        assertThat(options.kernel()).contains(suite.resolve("img/vmlinuz"));
        assertThat(options.initrd()).contains(suite.resolve("img/initrd.gz"));
    }

    @Test
    void installedGroupsLiveInTheStateDirectoryOfKvmrunnerStateDirElseXdgStateHome() throws IOException {
        // one variable moves the machine record and the installed groups together
        assertThat(options(settings("", Map.of("KVMRUNNER_STATE_DIR", "/s", "XDG_STATE_HOME", "/x")))
                        .stateDirectory())
                .isEqualTo(Path.of("/s/qemu"));
        assertThat(options(settings("", Map.of("XDG_STATE_HOME", "/x"))).stateDirectory())
                .isEqualTo(Path.of("/x/kvmrunner/qemu"));
    }

    @Test
    void theGuestsMemoryInMibIsWhatQemuReadsFromMemory() throws IOException {
        Map<String, Long> sizes =
                Map.of("256M", 256L, "1G", 1024L, "1.5G", 1536L, "512", 512L, "2048K", 2L, "1t", 1048576L);
        sizes.forEach((memory, mib) -> {
            try {
                assertThat(options(settings("[qemu]\nmemory = \"" + memory + "\"\n", Map.of()))
                                .memoryMiB())
                        .as(memory)
                        .isEqualTo(mib);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void aFlagBeatsTheEnvironmentWhichBeatsTheSuite() throws IOException {
        BackendSettings settings = settings(
                "[qemu]\nmemory = \"256M\"\nreset = \"boot\"\naccel = \"kvm\"\n",
                Map.of("KVM_QEMU_MEMORY", "512M", "KVM_RESET", "snapshot"));
        QemuOptions options = options(settings.with(Map.of("--reset", "boot"), Map.of(), System.err));
        assertThat(options.memory()).as("environment over table").isEqualTo("512M");
        assertThat(options.reset()).as("flag over environment").isEqualTo(QemuOptions.Reset.BOOT);
        assertThat(options.accel()).as("table over default").isEqualTo(QemuOptions.Accel.KVM);
        assertThat(options(settings("", Map.of())).accel()).as("default").isEqualTo(QemuOptions.Accel.AUTO);
    }

    @Test
    void badValuesNameWhereTheyWereWritten() throws IOException {
        assertThatThrownBy(() -> configure("[qemu]\nreset = \"sometimes\"\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(SuiteConfig.FILE_NAME + ":2: qemu.reset: 'sometimes' is not boot or snapshot");
        assertThatThrownBy(() -> configure("\n[qemu]\naccel = \"hvf\"\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(SuiteConfig.FILE_NAME + ":3: qemu.accel: 'hvf' is not auto, kvm or tcg");
        assertThatThrownBy(() -> configure("[qemu]\nkernel = \"nowhere/vmlinuz\"\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("qemu.kernel: 'nowhere/vmlinuz' not found");
        assertThatThrownBy(() -> configure("[qemu]\nacel = \"tcg\"\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(
                        SuiteConfig.FILE_NAME + ":2: qemu.acel: unknown key 'acel'; known keys here: accel,");
        assertThatThrownBy(() -> configure("[qemu]\nmemory = \"lots\"\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(
                        SuiteConfig.FILE_NAME + ":2: qemu.memory: 'lots' is not a memory size such as 256M or 1G");
        assertThatThrownBy(() -> configure("[qemu]\nmemory = 256\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("qemu.memory: expected a string, not 256");
        assertThatThrownBy(() -> Backends.configure("qemu", settings("", Map.of("KVM_QEMU_ACCEL", "fast"))))
                .isInstanceOf(BadInputException.class)
                .hasMessage("KVM_QEMU_ACCEL: 'fast' is not auto, kvm or tcg");
        assertThatThrownBy(() -> Backends.configure(
                        "qemu", settings("", Map.of()).with(Map.of("--reset", "never"), Map.of(), System.err)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--reset: 'never' is not boot or snapshot");
    }

    @Test
    void theDebianGuestSharesAndInstallStepBecomeGuestSettings() throws IOException {
        Files.createDirectories(suite.resolve("src"));
        BackendSettings settings = settings("""
                [qemu]
                packages = ["libreswan", "iputils-ping"]
                testing = "."
                testing-mount = "/testing"
                source = "src"
                [install]
                script = "make install"
                """, Map.of());
        GuestSettings guest = options(settings).guest();
        assertThat(guest.debian()).isTrue(); // packages imply the Debian image
        assertThat(guest.packages()).containsExactly("libreswan", "iputils-ping");
        assertThat(guest.shares())
                .containsExactly(
                        new GuestSettings.Share("testing", suite, "/testing"),
                        new GuestSettings.Share("source", suite.resolve("src"), "/source"));
        assertThat(guest.installScript()).contains("make install");
        assertThat(options(settings("", Map.of())).guest().debian())
                .as("busybox stays the default")
                .isFalse();
        assertThat(options(settings("", Map.of("KVM_QEMU_PACKAGES", "libreswan,iproute2")))
                        .guest()
                        .packages())
                .containsExactly("libreswan", "iproute2");
    }

    @Test
    void badGuestSettingsNameTheFileAndKey() {
        assertThatThrownBy(() -> configure("[qemu]\npackages = [\"libreswan; rm -rf /\"]\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(SuiteConfig.FILE_NAME)
                .hasMessageContaining("qemu.packages: 'libreswan; rm -rf /' is not a Debian package name");
        assertThatThrownBy(() -> configure("[qemu]\nimage = \"alpine\"\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("qemu.image: 'alpine' is not busybox or debian");
        assertThatThrownBy(() -> configure("[qemu]\ntesting-mount = \"testing\"\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("qemu.testing-mount: 'testing' is not an absolute guest path");
        assertThatThrownBy(() -> configure("[qemu]\nsource = \"nowhere\"\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("qemu.source: 'nowhere' is not a directory");
        assertThatThrownBy(() -> configure("[install]\nscript = \" \"\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("install.script: must not be empty");
        assertThatThrownBy(() -> configure("[qmeu]\nmemory = \"1G\"\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(SuiteConfig.FILE_NAME
                        + ":1: unknown table [qmeu]; tables of backends this build has: process,");
    }

    @Test
    void theBackendSaysWhatItUsedForTheReportHeader() throws IOException {
        try (QemuBackend backend = (QemuBackend)
                Backends.create("qemu", settings("[qemu]\naccel = \"tcg\"\nreset = \"boot\"\n", Map.of()))) {
            assertThat(backend.describe()).contains("accel: tcg (no guest booted)", "reset: boot", "image: busybox");
        }
    }
}
