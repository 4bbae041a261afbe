package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.kvmrunner.testing.RequiresTools;

/** The libreswan-style make targets print the kvmrunner command lines they would run (make -n). */
@RequiresTools({"make"})
class MakefileTest {
    private static final Path MAKEFILE = Path.of("Makefile").toAbsolutePath();
    private static final String KVMRUNNER = Path.of("kvmrunner").toAbsolutePath().toString();
    private static final String SUITE = Path.of("examples/netns").toAbsolutePath().toString();

    @TempDir
    Path directory;

    private String make(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("make", "--no-print-directory", "-n", "-f", MAKEFILE.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        for (String variable : List.of("KVM_WORKERS", "KVM_PREFIXES", "KVM_PREFIX", "KVM_BACKEND", "KVM_SUITE", "KVMRUNNER")) {
            builder.environment().remove(variable);
        }
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output.replaceAll(" +", " ").trim();
    }

    @Test
    void kvmTestPassesWorkersAndPrefixesFromTheCommandLine() throws Exception {
        assertThat(make(Map.of(), "kvm-test", "KVM_WORKERS=2", "KVM_PREFIXES=a. b."))
                .isEqualTo(KVMRUNNER + " run --workers 2 --prefix a. --prefix b. " + SUITE);
    }

    @Test
    void withoutSettingsKvmrunnerDefaultsApply() throws Exception {
        assertThat(make(Map.of(), "kvm-test")).isEqualTo(KVMRUNNER + " run " + SUITE);
    }

    @Test
    void theEnvironmentAndTheOldSpellingKvmPrefixWork() throws Exception {
        assertThat(make(Map.of("KVM_PREFIX", "x.", "KVM_WORKERS", "4"), "kvm-install"))
                .isEqualTo(KVMRUNNER + " install --suite " + SUITE + " --prefix x.");
        assertThat(make(Map.of("KVM_PREFIX", "x.", "KVM_WORKERS", "4"), "kvm-test"))
                .isEqualTo(KVMRUNNER + " run --workers 4 --prefix x. " + SUITE);
        assertThat(make(Map.of("KVM_PREFIXES", "'' a."), "kvm-uninstall"))
                .isEqualTo(KVMRUNNER + " uninstall --suite " + SUITE + " --prefix '' --prefix a.");
    }

    @Test
    void makefileIncLocalSetsDefaultsTheCommandLineOverrides() throws Exception {
        Files.writeString(directory.resolve("Makefile.inc.local"), "KVM_WORKERS = 3\nKVM_PREFIXES = c. d.\nKVM_BACKEND = netns\n");
        assertThat(make(Map.of(), "kvm-test")).isEqualTo(KVMRUNNER + " run --backend netns --workers 3 --prefix c. --prefix d. " + SUITE);
        assertThat(make(Map.of(), "kvm-test", "KVM_WORKERS=1")).isEqualTo(KVMRUNNER + " run --backend netns --workers 1 --prefix c. --prefix d. " + SUITE);
    }

    @Test
    void kvmshTargetsNameTheDomain() throws Exception {
        assertThat(make(Map.of(), "kvmsh-a.east")).isEqualTo(KVMRUNNER + " sh --suite " + SUITE + " a.east");
        assertThat(make(Map.of(), "kvmsh-west", "KVMSH_COMMAND=echo 'hi there'"))
                .isEqualTo(KVMRUNNER + " sh --suite " + SUITE + " west -- 'echo '\\''hi there'\\'''");
    }
}
