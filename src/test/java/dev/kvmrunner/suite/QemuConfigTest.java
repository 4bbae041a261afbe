package dev.kvmrunner.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.SuiteConfig;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.domain.qemu.GuestSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuConfigTest {
    @TempDir
    Path suite;

    private SuiteConfig load(String toml) throws IOException {
        Files.writeString(suite.resolve(SuiteConfig.FILE_NAME), toml);
        return SuiteConfig.load(suite);
    }

    @Test
    void theQemuTableBecomesBackendOptionsWithPathsFromTheSuite() throws IOException {
        Files.createDirectories(suite.resolve("img"));
        Files.writeString(suite.resolve("img/vmlinuz"), "k");
        Files.writeString(suite.resolve("img/initrd.gz"), "i");
        SuiteConfig config = load("""
                [qemu]
                accel = "tcg"
                reset = "boot"
                memory = "256M"
                kernel = "img/vmlinuz"
                initrd = "img/initrd.gz"
                """);
        assertThat(config.backendOptions())
                .containsEntry("KVM_QEMU_ACCEL", "tcg")
                .containsEntry("KVM_RESET", "boot")
                .containsEntry("KVM_QEMU_MEMORY", "256M")
                .containsEntry("KVM_QEMU_KERNEL", suite.resolve("img/vmlinuz").toString())
                .containsEntry("KVM_QEMU_INITRD", suite.resolve("img/initrd.gz").toString());
    }

    @Test
    void theEnvironmentOverridesTheSuite() throws IOException {
        SuiteConfig config = load("[qemu]\nmemory = \"256M\"\n");
        BackendSettings settings = BackendSettings.of("run", config);
        assertThat(settings.options()).containsEntry("KVM_QEMU_MEMORY", System.getenv().getOrDefault("KVM_QEMU_MEMORY", "256M"));
        assertThat(settings.options()).containsEntry("PATH", System.getenv("PATH"));
    }

    @Test
    void badValuesNameTheFileAndKey() {
        assertThatThrownBy(() -> load("[qemu]\nreset = \"sometimes\"\n")).isInstanceOf(BadInputException.class)
                .hasMessageContaining(SuiteConfig.FILE_NAME).hasMessageContaining("qemu.reset: 'sometimes'");
        assertThatThrownBy(() -> load("[qemu]\naccel = \"hvf\"\n")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("qemu.accel: 'hvf'");
        assertThatThrownBy(() -> load("[qemu]\nkernel = \"nowhere/vmlinuz\"\n")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("qemu.kernel: 'nowhere/vmlinuz' not found");
    }

    @Test
    void theDebianGuestSharesAndInstallStepBecomeGuestSettings() throws IOException {
        Files.createDirectories(suite.resolve("src"));
        SuiteConfig config = load("""
                [qemu]
                packages = ["libreswan", "iputils-ping"]
                testing = "."
                testing-mount = "/testing"
                source = "src"
                [install]
                script = "make install"
                """);
        assertThat(config.backendOptions())
                .containsEntry("KVM_QEMU_PACKAGES", "libreswan iputils-ping")
                .containsEntry("KVM_QEMU_TESTING", suite.toString())
                .containsEntry("KVM_SOURCEDIR", suite.resolve("src").toString())
                .containsEntry("KVM_INSTALL_SCRIPT", "make install");
        GuestSettings guest = GuestSettings.fromEnvironment(config.backendOptions());
        assertThat(guest.debian()).isTrue(); // packages imply the Debian image
        assertThat(guest.shares()).containsExactly(new GuestSettings.Share("testing", suite, "/testing"),
                new GuestSettings.Share("source", suite.resolve("src"), "/source"));
        assertThat(guest.installScript()).contains("make install");
        assertThat(GuestSettings.fromEnvironment(java.util.Map.of()).debian()).isFalse(); // busybox stays the default
    }

    @Test
    void badGuestSettingsNameTheFileAndKey() {
        assertThatThrownBy(() -> load("[qemu]\npackages = [\"libreswan; rm -rf /\"]\n")).isInstanceOf(BadInputException.class)
                .hasMessageContaining(SuiteConfig.FILE_NAME).hasMessageContaining("qemu.packages: 'libreswan; rm -rf /' is not a Debian package name");
        assertThatThrownBy(() -> load("[qemu]\nimage = \"alpine\"\n")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("qemu.image: 'alpine'");
        assertThatThrownBy(() -> load("[qemu]\ntesting-mount = \"testing\"\n")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("qemu.testing-mount: 'testing' is not an absolute guest path");
        assertThatThrownBy(() -> load("[qemu]\nsource = \"nowhere\"\n")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("qemu.source: 'nowhere' is not a directory");
        assertThatThrownBy(() -> load("[install]\nscript = \" \"\n")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("install.script: must not be empty");
    }
}
