package dev.kvmrunner.domain.libvirt;

import static dev.kvmrunner.domain.libvirt.LibvirtTesting.cli;
import static dev.kvmrunner.domain.libvirt.LibvirtTesting.everything;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kvmrunner.config.Environment;
import dev.kvmrunner.config.RunSettings;
import dev.kvmrunner.config.SuiteConfig;
import dev.kvmrunner.config.Topology;
import dev.kvmrunner.domain.BootException;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.qemu.QemuOptions;
import dev.kvmrunner.judge.Issue;
import dev.kvmrunner.judge.Judge;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.judge.SuiteSanitizers;
import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.runner.Plan;
import dev.kvmrunner.runner.Planner;
import dev.kvmrunner.runner.RunSession;
import dev.kvmrunner.runner.SanitizingJudge;
import dev.kvmrunner.runner.Summary;
import dev.kvmrunner.runner.TestOrder;
import dev.kvmrunner.suite.Selection;
import dev.kvmrunner.suite.SuiteLoader;
import dev.kvmrunner.suite.TestCase;
import dev.kvmrunner.suite.TestFilter;
import dev.kvmrunner.testing.Await;
import dev.kvmrunner.testing.Examples;
import dev.kvmrunner.testing.RequiresTools;
import dev.kvmrunner.testing.Slow;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The libvirt backend against a real libvirtd ({@link LibvirtDaemon} starts one when none runs):
 * TCG guests of the qemu backend's image, on libvirt networks, through the runner. Prefixes
 * start with "kt" so that nothing of a person's own is ever near them.
 */
@RequiresTools({"root", "virsh", "libvirtd", "virtlogd", "qemu-system-x86_64", "busybox", "cpio", "dpkg-deb"})
@ExtendWith(LibvirtDaemon.class)
@Tag("libvirt")
@Slow
class LibvirtBackendTest {
    private static final Virsh LOCAL = new Virsh(LibvirtDaemon.LOCAL, Timeouts.DEFAULTS.libvirtCall());

    @TempDir
    Path suite;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);

    private LibvirtSettings settings(SuiteConfig config, Map<String, String> locations) {
        return new LibvirtSettings(
                LibvirtDaemon.LOCAL,
                locations,
                128,
                "swan",
                QemuOptions.fromEnvironment(System.getenv(), Topology.NONE, System.err)
                        .cacheDirectory(),
                LibvirtSettings.DEFAULT_LIBVIRT_DIRECTORY,
                LibvirtSettings.Reset.BOOT,
                Optional.empty(),
                config.hosts(),
                config.topology(),
                Map.of(),
                "lt-" + ProcessHandle.current().pid(),
                Timeouts.DEFAULTS,
                log);
    }

    private List<TestCase> load() {
        return Selection.of(
                        new SuiteLoader(suite).load(List.of(suite.toString())),
                        TestFilter.of(TestFilter.DEFAULT_KIND, TestFilter.DEFAULT_STATUS, ""))
                .tests();
    }

    private Summary run(List<TestCase> tests, LibvirtBackend backend, List<String> prefixes) {
        SuiteConfig config = tests.get(0).config();
        RunSettings run = RunSettings.resolve(
                new RunSettings.Flags(
                        OptionalInt.of(2),
                        prefixes,
                        Optional.of(LibvirtBackend.NAME),
                        Optional.empty(),
                        Optional.empty()),
                Environment.system(),
                config);
        Plan plan = Planner.plan(tests, run, Set.of(), TestOrder.TESTLIST, 1);
        SuiteSanitizers sanitizers = new SuiteSanitizers();
        tests.forEach(t -> sanitizers.add(t.directory(), t.config()));
        return RunSession.execute(
                plan,
                backend,
                new SanitizingJudge(new Judge(sanitizers, Duration.ofSeconds(60))),
                List.of(),
                "lt-" + ProcessHandle.current().pid(),
                log);
    }

    /** A domain of someone else's: no kvmrunner mark, never started. */
    private static void defineForeignDomain(Virsh virsh, String name) throws IOException, InterruptedException {
        virsh.feed(
                "<domain type='qemu'><name>" + name
                        + "</name><memory unit='MiB'>16</memory><os><type arch='x86_64'>hvm</type>" + "</os></domain>",
                "define",
                "/dev/stdin");
    }

    private static void undefineQuietly(Virsh virsh, String... args) {
        try {
            virsh.call(null, args);
        } catch (IOException e) {
            // cleaning up after the test: nothing to say
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * examples/net on two prefixes, one per connection URI (the same libvirtd, as a second host
     * would be): install defines both groups, the run passes, uninstall leaves libvirt as it was;
     * a foreign domain and network whose names start with a prefix are left alone throughout.
     */
    @Test
    void theNetExampleRunsOnTwoConnectionsAndUninstallLeavesLibvirtAsItWas() throws Exception {
        assumeTrue(LibvirtDaemon.answers(LibvirtDaemon.TCP), "libvirtd does not listen on " + LibvirtDaemon.TCP);
        Examples.copy("net", suite);
        List<TestCase> tests = load();
        Virsh tcp = new Virsh(LibvirtDaemon.TCP, Timeouts.DEFAULTS.libvirtCall());
        LibvirtBackend backend = new LibvirtBackend(settings(tests.get(0).config(), Map.of("ktb.", LibvirtDaemon.TCP)));
        backend.uninstall("kta."); // what an earlier, failed run of this test left
        backend.uninstall("ktb.");
        defineForeignDomain(LOCAL, "kta.east2");
        LOCAL.feed("<network><name>kta.lan</name></network>", "net-define", "/dev/stdin");
        try {
            List<String> before = everything(LOCAL);
            assertThat(backend.machineOf("kta.")).isEqualTo(LibvirtDaemon.LOCAL);
            assertThat(backend.machineOf("ktb.")).isEqualTo(LibvirtDaemon.TCP);
            backend.install("kta.");
            backend.install("ktb.");
            assertThat(backend.installedPrefixes()).contains("kta.", "ktb.");
            assertThat(LOCAL.names("list", "--all", "--name")).contains("kta.east", "kta.west", "kta.road", "kta.nic");
            assertThat(tcp.names("net-list", "--name")).contains("ktb.westnet", "ktb.eastnet");

            Summary summary = run(tests, backend, List.of("kta.", "ktb."));

            assertThat(summary.notPassed()).as(diffs()).isEmpty();
            assertThat(summary.count(Result.PASSED)).isEqualTo(4);
            // the run shut its domains down again and left the installed groups defined
            assertThat(LOCAL.names("list", "--name")).noneMatch(n -> n.startsWith("kta.") || n.startsWith("ktb."));
            assertThat(backend.installed("kta.")).isTrue();

            backend.uninstall("kta.");
            backend.uninstall("ktb.");
            assertThat(everything(LOCAL)).containsExactlyInAnyOrderElementsOf(before);
            assertThat(backend.installedPrefixes()).doesNotContain("kta.", "ktb.");
        } finally {
            backend.uninstall("kta.");
            backend.uninstall("ktb.");
            undefineQuietly(LOCAL, "undefine", "kta.east2");
            undefineQuietly(LOCAL, "net-undefine", "kta.lan");
        }
    }

    /** A domain of the name kvmrunner would use but without its mark is neither booted, redefined nor removed. */
    @Test
    void aForeignDomainOfTheSameNameIsLeftAlone() throws Exception {
        Files.writeString(suite.resolve("kvmrunner.toml"), "hosts = [\"east\"]\n");
        SuiteConfig config = SuiteConfig.load(suite);
        LibvirtBackend backend = new LibvirtBackend(settings(config, Map.of()));
        defineForeignDomain(LOCAL, "ktc.east");
        try {
            String xml = LOCAL.run("dumpxml", "ktc.east");
            try (Domain domain = backend.domain(new DomainName("ktc.", "east"), suite.resolve("ktc.east"))) {
                assertThatThrownBy(() -> domain.boot(Duration.ofSeconds(30)))
                        .isInstanceOf(BootException.class)
                        .hasMessageContaining("was not defined by kvmrunner");
                assertThat(domain.isRunning()).isFalse();
            }
            assertThat(backend.installed("ktc.")).isFalse();
            backend.uninstall("ktc.");
            assertThatThrownBy(() -> backend.install("ktc.")).hasMessageContaining("ktc.");
            assertThat(LOCAL.run("dumpxml", "ktc.east")).isEqualTo(xml);
        } finally {
            undefineQuietly(LOCAL, "undefine", "ktc.east");
        }
    }

    /**
     * A guest that stops answering mid-script (suspended through libvirt) is domain-hung: its
     * shutdown does not finish, so it is destroyed (logged), booted again, and the test passes on
     * the second attempt.
     */
    @Test
    void aHungDomainIsDestroyedAndStartedAgain() throws Exception {
        Files.writeString(
                suite.resolve("kvmrunner.toml"),
                "hosts = [\"east\"]\nsanitizers = []\n" + "[timeouts]\nboot = 90\ncommand = 8\nshutdown = 3\n");
        Files.writeString(suite.resolve("TESTLIST"), "kvmplutotest hung-01 good\n");
        Path test = Files.createDirectories(suite.resolve("hung-01"));
        Files.writeString(test.resolve("eastinit.sh"), "echo before\nsleep 5\necho after\n");
        List<TestCase> tests = load();
        LibvirtBackend backend = new LibvirtBackend(settings(tests.get(0).config(), Map.of()));
        Thread suspender = new Thread(() -> {
            try {
                Path transcript = test.resolve("OUTPUT/east.console.verbose.txt");
                Await.until(
                        "hung-01 to reach its sleep",
                        Duration.ofSeconds(120),
                        () -> read(transcript).contains("sleep 5"));
                log.println("test: suspending ktd.east");
                LOCAL.run("suspend", "ktd.east");
                log.println("test: suspended ktd.east");
            } catch (IOException | InterruptedException e) {
                log.println("test: cannot suspend ktd.east: " + e);
            }
        });
        suspender.setDaemon(true);
        suspender.start();
        try {
            run(tests, backend, List.of("ktd."));
            suspender.join(1000);
            TestRecord record = ResultFile.read(test.resolve("OUTPUT")).orElseThrow();
            assertThat(record.attempts())
                    .as(record + "\n" + logged.toString(StandardCharsets.UTF_8))
                    .isEqualTo(2);
            assertThat(record.firstFailure()).contains(Issue.DOMAIN_HUNG.label());
            // the second attempt ran every line on the power-cycled domain (no expected output: unchecked)
            assertThat(record.issues().get("east")).containsExactly(Issue.OUTPUT_UNCHECKED.label());
            assertThat(read(test.resolve("OUTPUT/east.console.verbose.txt"))).contains("echo after\nafter\n");
            // the power-off of the retry: the paused guest cannot shut down, so it is destroyed, then started again
            assertThat(logged.toString(StandardCharsets.UTF_8))
                    .containsPattern("ktd.east did not shut down within \\d+ ms: destroying it");
            // the runner installed the missing group for the run and removed exactly it afterwards
            assertThat(everything(LOCAL)).noneMatch(n -> n.contains("ktd."));
        } finally {
            backend.uninstall("ktd.");
        }
    }

    /**
     * With reset = snapshot the first boot of a domain logs in and saves the logged-in state; the
     * next test's boot restores it and needs no login; both pass, and uninstall removes the save.
     */
    @Test
    void snapshotResetsRestoreTheLoggedInDomain() throws Exception {
        Files.writeString(
                suite.resolve("kvmrunner.toml"),
                "hosts = [\"east\"]\nsanitizers = []\n[timeouts]\nboot = 90\ncommand = 30\n");
        Files.writeString(suite.resolve("TESTLIST"), "kvmplutotest first-01 good\nkvmplutotest second-01 good\n");
        for (String name : List.of("first-01", "second-01")) {
            Path test = Files.createDirectories(suite.resolve(name));
            Files.writeString(test.resolve("eastinit.sh"), "echo " + name + "\n");
        }
        List<TestCase> tests = load();
        LibvirtBackend backend =
                new LibvirtBackend(settings(tests.get(0).config(), Map.of()).withReset(LibvirtSettings.Reset.SNAPSHOT));
        Path save = backend.saveFile(new DomainName("kts.", "east"));
        try {
            backend.install("kts."); // installed: the group and its save outlive the run
            run(tests, backend, List.of("kts."));
            String first = read(suite.resolve("first-01/OUTPUT/east.console.boot.txt"));
            String second = read(suite.resolve("second-01/OUTPUT/east.console.boot.txt"));
            assertThat(first).contains("login:");
            assertThat(second).as("restored: already logged in").doesNotContain("login:");
            assertThat(read(suite.resolve("first-01/OUTPUT/east.console.verbose.txt")))
                    .contains("echo first-01\nfirst-01\n");
            assertThat(read(suite.resolve("second-01/OUTPUT/east.console.verbose.txt")))
                    .contains("echo second-01\nsecond-01\n");
            assertThat(save).exists();
        } finally {
            backend.uninstall("kts.");
        }
        assertThat(save).doesNotExist();
    }

    /**
     * What {@code make kvm-install}, {@code make kvmsh-ktm.east} and {@code make KVM_PREFIX=ktm.
     * kvm-uninstall} run: install defines the group, sh boots a stopped domain, logs in, runs the
     * command and shuts it down again, uninstall removes exactly the group.
     */
    @Test
    void installShAndUninstallThroughTheCommandLine() throws Exception {
        Files.writeString(
                suite.resolve("kvmrunner.toml"),
                "hosts = [\"east\", \"west\"]\nbackend = \"libvirt\"\n"
                        + "[timeouts]\nboot = 90\n[topology.networks.lan]\n[topology.hosts.east]\n"
                        + "interfaces = [{ network = \"lan\", address = \"192.0.2.1/24\" }]\n");
        List<String> before = everything(LOCAL);
        try {
            assertThat(cli("install", "--suite", suite.toString(), "--prefix", "ktm."))
                    .contains("ktm.");
            assertThat(LOCAL.names("list", "--all", "--name")).contains("ktm.east", "ktm.west");
            assertThat(LOCAL.names("net-list", "--name")).contains("ktm.lan");
            assertThat(cli(
                            "sh",
                            "--suite",
                            suite.toString(),
                            "ktm.east",
                            "--",
                            "hostname; ip -4 -o addr show eth0 | grep -c 192.0.2.1/24"))
                    .isEqualTo("east\n1\n");
            assertThat(LOCAL.names("list", "--name")).doesNotContain("ktm.east");
            cli("uninstall", "--suite", suite.toString(), "--prefix", "ktm.");
            assertThat(everything(LOCAL)).containsExactlyInAnyOrderElementsOf(before);
        } finally {
            new LibvirtBackend(settings(SuiteConfig.load(suite), Map.of())).uninstall("ktm.");
        }
    }

    /**
     * A booting domain has a tenth of a running one's CPU shares (its cgroup's weight), so that a
     * test's domains get the CPU first; logged in (ready), it has libvirt's default again.
     */
    @Test
    void aBootingDomainHasFewerCpuSharesUntilItIsReady() throws Exception {
        Files.writeString(suite.resolve("kvmrunner.toml"), "hosts = [\"east\"]\nsanitizers = []\n");
        LibvirtBackend backend = new LibvirtBackend(settings(SuiteConfig.load(suite), Map.of()));
        DomainName name = new DomainName("ktb.", "east");
        try {
            backend.install("ktb.");
            Domain domain = backend.domain(name, suite);
            try (var console = domain.boot(Duration.ofSeconds(90))) {
                assertThat(cpuShares("ktb.east"))
                        .as(logged.toString(StandardCharsets.UTF_8))
                        .isEqualTo(BootShares.BOOTING);
                domain.ready();
                assertThat(cpuShares("ktb.east")).isEqualTo(BootShares.RUNNING);
            } finally {
                domain.shutdown(Duration.ofSeconds(10));
            }
            assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("CPU shares");
        } finally {
            backend.uninstall("ktb.");
        }
    }

    /** The cpu_shares {@code virsh schedinfo} gives the running domain NAME. */
    private static int cpuShares(String name) throws IOException, InterruptedException {
        java.util.regex.Matcher shares = java.util.regex.Pattern.compile("(?m)^cpu_shares\\s*:\\s*(\\d+)$")
                .matcher(LOCAL.run("schedinfo", name));
        assertThat(shares.find()).as("virsh schedinfo " + name).isTrue();
        return Integer.parseInt(shares.group(1));
    }

    /** Every diff the run wrote, for the message of a failed test. */
    private String diffs() throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(suite)) {
            for (Path diff : files.filter(p -> p.toString().endsWith(".diff")).toList()) {
                text.append(diff).append(":\n").append(read(diff)).append('\n');
            }
        }
        return text.toString();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
