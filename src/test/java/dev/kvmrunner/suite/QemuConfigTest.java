package dev.kvmrunner.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.SuiteConfig;
import dev.kvmrunner.domain.BackendSettings;
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
}
