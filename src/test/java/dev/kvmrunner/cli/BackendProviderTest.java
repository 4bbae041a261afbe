package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.domain.Backends;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend is one package plus one registration line: the fake backend of the test tree is
 * registered only by src/test/resources/META-INF/services, and the command line takes it, its
 * flag and its settings without any change to the runner, config, cli or doctor.
 */
class BackendProviderTest {
    @TempDir
    Path suite;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void oneTestOnEastAndWest() throws IOException {
        Files.writeString(suite.resolve("TESTLIST"), "kvmplutotest two-hosts good\n");
        Path test = Files.createDirectories(suite.resolve("two-hosts"));
        Files.writeString(test.resolve("westinit.sh"), "echo west\n");
        Files.writeString(test.resolve("eastinit.sh"), "echo east\n");
        Files.writeString(suite.resolve("kvmrunner.toml"), "hosts = [\"east\", \"west\"]\n");
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(suite.toString());
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    }

    private String result() throws IOException {
        return Files.readString(suite.resolve("two-hosts/OUTPUT/RESULT"));
    }

    @Test
    void theFakeBackendIsFoundWithoutAnyRegistrationInTheMainCode() {
        assertThat(Backends.names()).startsWith("process").contains("fake", "netns", "qemu");
        assertThat(Main.execute(
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        "doctor",
                        "--settings",
                        "--backend",
                        "fake"))
                .isZero();
        assertThat(out.toString())
                .contains("fake: a few lines of Java per domain")
                .contains("[fake] fail-boot", "KVM_FAKE_FAIL_BOOT", "--fake-fail-boot");
    }

    @Test
    void itsFlagReachesItsSettingsAndDryRunChecksThem() throws IOException {
        assertThat(run("run", "--backend", "fake", "--fake-fail-boot", "east", "--dry-run"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("backend: fake").contains("fail-boot: east");
        assertThat(run("run", "--backend", "fake", "--fake-fail-boot", "north", "--dry-run"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--fake-fail-boot: 'north' is not a host of the suite");
        assertThat(suite.resolve("two-hosts/OUTPUT")).doesNotExist();
    }

    @Test
    void aRunOnTheFakeBackendUsesItsSettings() throws IOException {
        run("run", "--backend", "fake", "--fake-fail-boot", "east", "--retries", "0");
        assertThat(result()).contains("boot-failed");
        run("run", "--backend", "fake");
        assertThat(result()).doesNotContain("boot-failed");
    }

    @Test
    void itsTableInTheSuiteConfigIsItsOwnAndChecked() throws IOException {
        Files.writeString(
                suite.resolve("kvmrunner.toml"), "hosts = [\"east\", \"west\"]\n\n[fake]\nfail-boot = [\"west\"]\n");
        run("run", "--backend", "fake", "--retries", "0");
        assertThat(result()).contains("boot-failed");
        Files.writeString(
                suite.resolve("kvmrunner.toml"), "hosts = [\"east\", \"west\"]\n\n[fake]\nfail-boots = [\"west\"]\n");
        assertThat(run("run", "--backend", "fake", "--dry-run")).isEqualTo(2);
        assertThat(err.toString())
                .contains("kvmrunner.toml:4: fake.fail-boots: unknown key 'fail-boots'; known keys here: fail-boot");
    }

    @Test
    void groupsOnOtherMachinesGetTheirOwnBootPool() throws IOException {
        assertThat(run(
                        "run",
                        "--backend",
                        "fake",
                        "--prefix",
                        "a.",
                        "--prefix",
                        "b.=elsewhere",
                        "--prefix",
                        "c.=elsewhere"))
                .as(err.toString())
                .isIn(0, 1);
        assertThat(out.toString())
                .contains("using 1 worker thread to reboot domains on each of 2 machines")
                .contains("machine local: domain prefixes ['a.']")
                .contains("machine elsewhere: domain prefixes ['b.', 'c.']");
        assertThat(result()).doesNotContain("boot-failed");
    }

    @Test
    void aBackendThatKeepsGroupsHereRefusesALocation() {
        assertThat(run("run", "--backend", "process", "--prefix", "b.=qemu+ssh://lab/system", "--dry-run"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "--prefix b.=qemu+ssh://lab/system: the process backend keeps every domain group on this machine");
    }
}
