package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.testing.RequiresTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The libreswan-style make targets print the kvmrunner command lines they would run (make -n). */
@RequiresTools({"make"})
class MakefileTest {
    private static final Path MAKEFILE = Path.of("Makefile").toAbsolutePath();
    private static final String KVMRUNNER =
            Path.of("kvmrunner").toAbsolutePath().toString();
    private static final String SUITE =
            Path.of("examples/netns").toAbsolutePath().toString();

    @TempDir
    Path directory;

    private String make(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("make", "--no-print-directory", "-n", "-f", MAKEFILE.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        for (String variable : List.of(
                "KVM_WORKERS",
                "KVM_PREFIXES",
                "KVM_PREFIX",
                "KVM_BACKEND",
                "KVM_SUITE",
                "KVMRUNNER",
                "KVM_TESTS",
                "KVM_TEST_STATUS",
                "KVM_TEST_NAME",
                "KVM_TEST_KIND",
                "KVM_BASELINE",
                "KVM_TEST_FLAGS",
                "KVMRESULTS_FLAGS")) {
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
                .isEqualTo(KVMRUNNER + " run --workers 2 --prefix a. --prefix b. --test-status 'good' " + SUITE);
    }

    @Test
    void withoutSettingsKvmrunnerDefaultsApply() throws Exception {
        assertThat(make(Map.of(), "kvm-test")).isEqualTo(KVMRUNNER + " run --test-status 'good' " + SUITE);
    }

    @Test
    void theEnvironmentAndTheOldSpellingKvmPrefixWork() throws Exception {
        assertThat(make(Map.of("KVM_PREFIX", "x.", "KVM_WORKERS", "4"), "kvm-install"))
                .isEqualTo(KVMRUNNER + " install --suite " + SUITE + " --prefix x.");
        assertThat(make(Map.of("KVM_PREFIX", "x.", "KVM_WORKERS", "4"), "kvm-test"))
                .isEqualTo(KVMRUNNER + " run --workers 4 --prefix x. --test-status 'good' " + SUITE);
        assertThat(make(Map.of("KVM_PREFIXES", "'' a."), "kvm-uninstall"))
                .isEqualTo(KVMRUNNER + " uninstall --suite " + SUITE + " --prefix '' --prefix a.");
    }

    @Test
    void makefileIncLocalSetsDefaultsTheCommandLineOverrides() throws Exception {
        Files.writeString(
                directory.resolve("Makefile.inc.local"),
                "KVM_WORKERS = 3\nKVM_PREFIXES = c. d.\nKVM_BACKEND = netns\n");
        assertThat(make(Map.of(), "kvm-test"))
                .isEqualTo(KVMRUNNER + " run --backend netns --workers 3 --prefix c. --prefix d. --test-status 'good' "
                        + SUITE);
        assertThat(make(Map.of(), "kvm-test", "KVM_WORKERS=1"))
                .isEqualTo(KVMRUNNER + " run --backend netns --workers 1 --prefix c. --prefix d. --test-status 'good' "
                        + SUITE);
    }

    @Test
    void kvmshTargetsNameTheDomain() throws Exception {
        assertThat(make(Map.of(), "kvmsh-a.east")).isEqualTo(KVMRUNNER + " sh --suite " + SUITE + " a.east");
        assertThat(make(Map.of(), "kvmsh-west", "KVMSH_COMMAND=echo 'hi there'"))
                .isEqualTo(KVMRUNNER + " sh --suite " + SUITE + " west -- 'echo '\\''hi there'\\'''");
    }

    // ---- libreswan's everyday targets (docs/make.md has the mapping) ----

    @Test
    void checkIsTestAndTheReTargetsSkipWhatPassed() throws Exception {
        String run = KVMRUNNER + " run --test-status 'good' ";
        assertThat(make(Map.of(), "kvm-check")).isEqualTo(run + SUITE);
        assertThat(make(Map.of(), "kvm-retest")).isEqualTo(run + "--skip passed " + SUITE);
        assertThat(make(Map.of(), "kvm-recheck")).isEqualTo(run + "--skip passed " + SUITE);
    }

    @Test
    void testSelectionVariablesBecomeOneRegularExpressionEach() throws Exception {
        assertThat(make(
                        Map.of(),
                        "kvm-test",
                        "KVM_TESTS=t/a-01 t/b-02 ",
                        "KVM_TEST_STATUS=wip good",
                        "KVM_TEST_NAME=ping|tcp",
                        "KVM_TEST_KIND=kvmplutotest"))
                .isEqualTo(
                        KVMRUNNER
                                + " run --test-kind 'kvmplutotest' --test-status 'good|wip' --test-name 'ping|tcp' t/a-01 t/b-02");
        // in the environment KVM_TEST_STATUS adds to good, as in libreswan
        assertThat(make(Map.of("KVM_TEST_STATUS", "wip"), "kvm-test"))
                .isEqualTo(KVMRUNNER + " run --test-status 'good|wip' " + SUITE);
        assertThat(make(Map.of(), "kvm-test", "KVM_TEST_STATUS=wip"))
                .isEqualTo(KVMRUNNER + " run --test-status 'wip' " + SUITE);
    }

    @Test
    void resultsAndDiffsJudgeTheTestsAgainstKvmBaseline() throws Exception {
        assertThat(make(Map.of(), "kvm-results")).isEqualTo(KVMRUNNER + " results " + SUITE);
        assertThat(make(Map.of(), "kvm-results", "KVM_BASELINE=/old/testing/pluto", "KVMRESULTS_FLAGS=--quick"))
                .isEqualTo(KVMRUNNER + " results --quick --baseline /old/testing/pluto " + SUITE);
        assertThat(make(Map.of(), "kvm-diffs", "KVM_BASELINE=/old", "KVM_TESTS=t/a-01"))
                .isEqualTo(KVMRUNNER + " results --baseline /old --print diffs t/a-01");
    }

    @Test
    void testCleanRemovesOnlyOutputDirectoriesAndShutdownUninstallsEveryGroup() throws Exception {
        Path tests = directory.resolve("t");
        Files.createDirectories(tests.resolve("a-01/OUTPUT/deep"));
        Files.writeString(tests.resolve("a-01/eastinit.sh"), "true\n");
        Files.createDirectories(tests.resolve("b-02/OUTPUT"));
        Files.createDirectories(tests.resolve("c-03"));
        ProcessBuilder builder = new ProcessBuilder(
                        "make",
                        "--no-print-directory",
                        "-f",
                        MAKEFILE.toString(),
                        "kvm-test-clean",
                        "KVM_TESTS=" + tests)
                .directory(directory.toFile())
                .redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(tests.resolve("a-01/OUTPUT")).doesNotExist();
        assertThat(tests.resolve("b-02/OUTPUT")).doesNotExist();
        assertThat(tests.resolve("a-01/eastinit.sh")).exists();
        assertThat(tests.resolve("c-03")).isDirectory();

        assertThat(make(Map.of(), "kvm-shutdown", "KVM_BACKEND=netns"))
                .isEqualTo(KVMRUNNER + " uninstall --suite " + SUITE + " --backend netns --all");
    }
}
