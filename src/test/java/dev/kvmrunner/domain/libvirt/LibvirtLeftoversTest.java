package dev.kvmrunner.domain.libvirt;

import static dev.kvmrunner.domain.libvirt.LibvirtTesting.everything;
import static dev.kvmrunner.domain.libvirt.LibvirtTesting.kvmrunner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.cli.ExitCodes;
import dev.kvmrunner.cli.Main;
import dev.kvmrunner.testing.Await;
import dev.kvmrunner.testing.RequiresTools;
import dev.kvmrunner.testing.Slow;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run on libvirt killed with SIGKILL while its domains run (issue 14 for the libvirt backend):
 * its group is held against a second run meanwhile, and what it leaves in libvirtd is found by the
 * user in its mark ({@link Mark#user}) and removed by {@code uninstall --all}, or, for a group
 * {@code install} defined, powered off by the next run and kept. The runner is a child JVM, so
 * that it can really be killed.
 */
@RequiresTools({"root", "virsh", "libvirtd", "virtlogd", "qemu-system-x86_64", "busybox", "cpio", "dpkg-deb"})
@ExtendWith(LibvirtDaemon.class)
@Tag("libvirt")
@Slow
class LibvirtLeftoversTest {
    private static final Virsh LOCAL = new Virsh(LibvirtDaemon.LOCAL, Timeouts.DEFAULTS.libvirtCall());

    @TempDir
    Path suite;

    private final List<String> output = new CopyOnWriteArrayList<>();
    private final List<Process> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void noRunnerLeft() {
        started.forEach(Process::destroyForcibly);
    }

    /** A suite of one host on one network whose test hangs in its script: the domain runs until the runner is killed. */
    private void hangingSuite() throws IOException {
        Files.writeString(
                suite.resolve("kvmrunner.toml"),
                "hosts = [\"east\"]\nbackend = \"libvirt\"\n"
                        + "[timeouts]\nboot = 90\n[topology.networks.lan]\n[topology.hosts.east]\n"
                        + "interfaces = [{ network = \"lan\", address = \"192.0.2.1/24\" }]\n");
        Files.writeString(suite.resolve("TESTLIST"), "kvmplutotest hang-01 good\n");
        Files.createDirectories(suite.resolve("hang-01"));
        Files.writeString(suite.resolve("hang-01/eastinit.sh"), "sleep 600\n");
    }

    /** The same suite with a test that ends at once, for the next run. */
    private void quickSuite() throws IOException {
        Files.writeString(suite.resolve("TESTLIST"), "kvmplutotest quick-01 good\n");
        Files.createDirectories(suite.resolve("quick-01"));
        Files.writeString(suite.resolve("quick-01/eastinit.sh"), "true\n");
    }

    /** Starts a runner in a child JVM on PREFIX and waits until its domain runs the test's script. */
    private Process startHangingRun(String prefix) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "run",
                        "--prefix",
                        prefix,
                        "--no-progress",
                        suite.toString())
                .redirectErrorStream(true)
                .start();
        started.add(process);
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        // the first run of a machine builds the guest image
        Await.until(
                "the child runner's domain runs the script",
                Duration.ofMinutes(5),
                () -> !process.isAlive()
                        || output.stream().anyMatch(l -> l.contains("running script east:eastinit.sh")));
        assertThat(process.isAlive()).as(String.join("\n", output)).isTrue();
        return process;
    }

    /**
     * A group the run defined for itself: a second run on it is refused at once naming the run; after
     * kill -9 its domain and network run on in libvirtd, and {@code uninstall --all} removes them,
     * leaving {@code virsh list --all} and {@code net-list --all} as they were.
     */
    @Test
    void uninstallAllRemovesWhatARunKilledWithSigkillDefinedForItself() throws Exception {
        hangingSuite();
        kvmrunner("uninstall", "--suite", suite.toString(), "--prefix", "ktk."); // an earlier failed run's
        List<String> before = everything(LOCAL);
        try {
            Process runner = startHangingRun("ktk.");
            assertThat(LOCAL.names("list", "--name")).contains("ktk.east");

            long t0 = System.nanoTime();
            LibvirtTesting.Ran second = kvmrunner("run", "--prefix", "ktk.", "--no-progress", suite.toString());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            assertThat(second.status()).as(second.err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(second.err())
                    .contains("domain group 'ktk.' (libvirt) is in use by run pid " + runner.pid() + " (suite ");
            LibvirtTesting.Ran uninstall = kvmrunner("uninstall", "--suite", suite.toString(), "--prefix", "ktk.");
            assertThat(uninstall.status()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(LOCAL.names("list", "--name")).contains("ktk.east");

            runner.destroyForcibly().waitFor();
            // the killed run's domain and network stay in libvirtd: nothing of the runner can remove them now
            assertThat(LOCAL.names("list", "--name")).contains("ktk.east");
            assertThat(LOCAL.names("net-list", "--name")).contains("ktk.lan");

            LibvirtTesting.Ran all = kvmrunner("uninstall", "--all", "--suite", suite.toString());
            assertThat(all.status()).as(all.err()).isZero();
            assertThat(everything(LOCAL)).containsExactlyInAnyOrderElementsOf(before);
        } finally {
            kvmrunner("uninstall", "--suite", suite.toString(), "--prefix", "ktk.");
        }
    }

    /**
     * A group {@code install} defined for keeps: after kill -9 of the run using it, the next run
     * powers off the domain the killed run left running (and says so), then runs on the group and
     * leaves it defined, as install left it.
     */
    @Test
    void theNextRunPowersOffAKeptGroupsDomainThatAKilledRunLeftRunning() throws Exception {
        hangingSuite();
        kvmrunner("uninstall", "--suite", suite.toString(), "--prefix", "ktl.");
        List<String> before = everything(LOCAL);
        try {
            LibvirtTesting.Ran install = kvmrunner("install", "--suite", suite.toString(), "--prefix", "ktl.");
            assertThat(install.status()).as(install.err()).isZero();
            List<String> installed = everything(LOCAL);

            Process runner = startHangingRun("ktl.");
            runner.destroyForcibly().waitFor();
            assertThat(LOCAL.names("list", "--name")).contains("ktl.east");

            quickSuite();
            LibvirtTesting.Ran next = kvmrunner("run", "--prefix", "ktl.", "--no-progress", suite.toString());
            assertThat(next.status()).as(next.err()).isIn(ExitCodes.OK, ExitCodes.NOT_ALL_PASSED);
            assertThat(next.out() + next.err())
                    .contains("powered off ktl.east, left running by a killed run")
                    .doesNotContain("removed ktl.");
            assertThat(LOCAL.names("list", "--name")).doesNotContain("ktl.east");
            assertThat(everything(LOCAL)).containsExactlyInAnyOrderElementsOf(installed);
            assertThat(Mark.in(LOCAL.run("dumpxml", "--inactive", "ktl.east")))
                    .hasValueSatisfying(mark -> assertThat(mark.kept()).isTrue())
                    .hasValueSatisfying(mark -> assertThat(mark.user()).isEmpty());

            LibvirtTesting.Ran uninstall = kvmrunner("uninstall", "--suite", suite.toString(), "--prefix", "ktl.");
            assertThat(uninstall.status()).as(uninstall.err()).isZero();
            assertThat(everything(LOCAL)).containsExactlyInAnyOrderElementsOf(before);
        } finally {
            kvmrunner("uninstall", "--suite", suite.toString(), "--prefix", "ktl.");
        }
    }
}
