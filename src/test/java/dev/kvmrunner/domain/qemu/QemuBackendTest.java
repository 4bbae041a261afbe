package dev.kvmrunner.domain.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.config.Environment;
import dev.kvmrunner.config.RunSettings;
import dev.kvmrunner.config.SuiteConfig;
import dev.kvmrunner.config.Topology;
import dev.kvmrunner.console.Console;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.ProcessTree;
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
import dev.kvmrunner.suite.Selection;
import dev.kvmrunner.suite.SuiteLoader;
import dev.kvmrunner.suite.TestCase;
import dev.kvmrunner.suite.TestFilter;
import dev.kvmrunner.testing.Await;
import dev.kvmrunner.testing.RequiresTools;
import dev.kvmrunner.testing.Slow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots real guests (software emulation) through the runner. Slow: a handful of boots.
 * Run alone with {@code mvn test -Dgroups=qemu}.
 */
@RequiresTools({"qemu-system-x86_64", "vde_switch", "busybox", "cpio", "dpkg-deb"})
@Tag("qemu")
@Slow
class QemuBackendTest {
    private static final String TOPOLOGY = """
            [topology.networks.lan]
            [topology.hosts.east]
            interfaces = [{ network = "lan", address = "192.0.2.1/24" }]
            [topology.hosts.west]
            interfaces = [{ network = "lan", address = "192.0.2.2/24" }]
            """;

    @TempDir
    Path suite;

    @BeforeAll
    static void qemuInstalled() throws Exception {
        // build (or find) the image once, outside every test's timeouts
        QemuOptions options = QemuOptions.fromEnvironment(System.getenv(), Topology.NONE, System.err);
        new ImageBuilder(options.cacheDirectory(), System.err).image(options.kernelPackage(), options.password());
    }

    private void write(String file, String text) throws IOException {
        Path path = suite.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    private void config(String hosts, double bootTimeout) throws IOException {
        write(
                "kvmrunner.toml",
                "hosts = [" + hosts + "]\nbackend = \"qemu\"\nsanitizers = [\"prompt.sed\"]\n" + "[timeouts]\nboot = "
                        + bootTimeout + "\ncommand = 30\nshutdown = 10\n" + TOPOLOGY);
        // as examples/net: the runner's cut markers first, then libreswan's prompt form
        write(
                "prompt.sed",
                "s/>>>>>>>>>>cut>>>>>>>>>> [^ ]* <<<<<<<<<<tuc<<<<<<<<<<//g\n"
                        + "s/^\\[[^@]*@\\([a-z0-9]*\\) [^]]*\\][#$] $/\\1 #/\n"
                        + "s/^\\[[^@]*@\\([a-z0-9]*\\) [^]]*\\][#$] \\(.*\\)$/\\1 #\\n \\2/\n");
    }

    /** The TESTLIST of NAMES, each a test where east says its host name. */
    private void hostnameTests(String... names) throws IOException {
        StringBuilder testlist = new StringBuilder();
        for (String name : names) {
            testlist.append("kvmplutotest ").append(name).append(" good\n");
            write(name + "/eastinit.sh", "hostname\n");
            write(name + "/east.console.txt", "hostname\neast\neast #");
        }
        write("TESTLIST", testlist.toString());
    }

    /** A test where east and west ping each other. */
    private void pingTest(String name) throws IOException {
        write(name + "/eastinit.sh", "hostname\n");
        write(name + "/westrun.sh", "ping -c 1 -w 10 192.0.2.1 | grep -c 'bytes from'\n");
        write(name + "/east.console.txt", "hostname\neast\neast #");
        write(name + "/west.console.txt", "ping -c 1 -w 10 192.0.2.1 | grep -c 'bytes from'\n1\nwest #");
    }

    private Summary run(
            String runId,
            List<String> prefixes,
            int workers,
            QemuOptions.Reset reset,
            Map<String, String> kernelArguments) {
        return run(runId, prefixes, workers, reset, kernelArguments, event -> {});
    }

    private Summary run(
            String runId,
            List<String> prefixes,
            int workers,
            QemuOptions.Reset reset,
            Map<String, String> kernelArguments,
            dev.kvmrunner.runner.RunListener listener) {
        Selection selection = Selection.of(
                new SuiteLoader(suite).load(List.of(suite.toString())),
                TestFilter.of(TestFilter.DEFAULT_KIND, TestFilter.DEFAULT_STATUS, ""));
        List<TestCase> tests = selection.tests();
        SuiteConfig config = tests.get(0).config();
        RunSettings settings = RunSettings.resolve(
                new RunSettings.Flags(
                        OptionalInt.of(workers), prefixes, Optional.of("qemu"), Optional.empty(), Optional.empty()),
                Environment.system(),
                config);
        Plan plan = Planner.plan(tests, settings, Set.of());
        SuiteSanitizers sanitizers = new SuiteSanitizers();
        tests.forEach(t -> sanitizers.add(t.directory(), t.config()));
        QemuOptions options = QemuOptions.fromEnvironment(System.getenv(), config.topology(), System.err)
                .withAccel(QemuOptions.Accel.TCG)
                .withReset(reset)
                .withKernelArguments(kernelArguments)
                .withDirectories(
                        QemuOptions.fromEnvironment(System.getenv(), Topology.NONE, System.err)
                                .cacheDirectory(),
                        suite.resolve("state"));
        return RunSession.execute(
                plan,
                new QemuBackend(options, runId),
                new SanitizingJudge(new Judge(sanitizers, Duration.ofSeconds(60))),
                List.of(listener),
                runId,
                System.err);
    }

    private TestRecord result(String test) {
        return ResultFile.read(suite.resolve(test).resolve("OUTPUT")).orElseThrow();
    }

    private static void assertNothingLeft(String runId) throws InterruptedException {
        Await.until(
                "no process of run " + runId,
                Duration.ofSeconds(10),
                () -> ProcessTree.alive(ProcessTree.marked(runId)).isEmpty());
        try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("kvmrunner-" + runId));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void twoTestsOnTwoPrefixesPassWithSnapshotResets() throws Exception {
        config("\"east\", \"west\"", 120);
        write(
                "TESTLIST",
                "kvmplutotest ping-01 good\nkvmplutotest ping-02 good\nkvmplutotest ping-03 good\nkvmplutotest ping-04 good\n");
        for (String name : List.of("ping-01", "ping-02", "ping-03", "ping-04")) {
            pingTest(name);
        }
        // a file of several console lines' worth travels into the guest whole, and the console stays
        // in step: busybox's shell prompts again inside a line longer than 1,023 characters
        String payload = "0123456789abcdef".repeat(300) + "\nthe end\n";
        write("ping-02/payload.txt", payload);
        write("ping-02/eastinit.sh", "hostname\nwc -c < payload.txt\ntail -n 1 payload.txt\n");
        write(
                "ping-02/east.console.txt",
                "hostname\neast\neast #\n wc -c < payload.txt\n" + payload.length()
                        + "\neast #\n tail -n 1 payload.txt\nthe end\neast #");
        String runId = "qt-" + ProcessHandle.current().pid() + "-two";
        List<dev.kvmrunner.runner.RunEvent.BootFinished> boots = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<dev.kvmrunner.runner.RunEvent.TestFinished> tests = new java.util.concurrent.CopyOnWriteArrayList<>();
        Summary summary = run(runId, List.of("a.", "b."), 2, QemuOptions.Reset.SNAPSHOT, Map.of(), event -> {
            if (event instanceof dev.kvmrunner.runner.RunEvent.BootFinished boot) {
                boots.add(boot);
            } else if (event instanceof dev.kvmrunner.runner.RunEvent.TestFinished test) {
                tests.add(test);
            }
        });

        assertThat(summary.notPassed()).isEmpty();
        assertThat(summary.count(Result.PASSED)).isEqualTo(4);
        // each prefix ran two tests: its second boot of each domain was a restore, which needs no login
        long restores = 0;
        for (String name : List.of("ping-01", "ping-02", "ping-03", "ping-04")) {
            for (String host : List.of("east", "west")) {
                String boot =
                        Files.readString(suite.resolve(name).resolve("OUTPUT").resolve(host + ".console.boot.txt"));
                if (!boot.contains("login:")) {
                    restores++;
                }
            }
        }
        assertThat(restores).as("at most one cold boot per group and host").isGreaterThanOrEqualTo(4);
        // every boot says what it cost QEMU, and a cold boot (kernel, init, login) costs more than a restore
        assertThat(boots).hasSize(8).allMatch(b -> b.succeeded() && b.cpuSeconds() > 0);
        double coldCpu = boots.stream()
                .filter(b -> b.kind().equals("first"))
                .mapToDouble(dev.kvmrunner.runner.RunEvent.BootFinished::cpuSeconds)
                .max()
                .orElseThrow();
        double restoreCpu = boots.stream()
                .filter(b -> b.kind().equals("again"))
                .mapToDouble(dev.kvmrunner.runner.RunEvent.BootFinished::cpuSeconds)
                .min()
                .orElseThrow();
        assertThat(coldCpu).isGreaterThan(restoreCpu);
        // and every test what its scripts cost the guests (a ping under TCG is not free)
        assertThat(tests).hasSize(4).allMatch(t -> t.scriptCpuSeconds() > 0, "scripts used CPU");
        assertNothingLeft(runId);
    }

    @Test
    void oneColdBootOfAHostServesEveryGroup() throws Exception {
        config("\"east\", \"west\"", 120);
        hostnameTests("host-01", "host-02");
        String runId = "qt-" + ProcessHandle.current().pid() + "-shared";
        // one boot at a time: b.east boots after a.east saved its snapshot, and restores it
        Summary summary = run(runId, List.of("a.", "b."), 1, QemuOptions.Reset.SNAPSHOT, Map.of());

        assertThat(summary.notPassed()).isEmpty();
        long coldBoots = 0;
        for (String name : List.of("host-01", "host-02")) {
            if (Files.readString(suite.resolve(name).resolve("OUTPUT").resolve("east.console.boot.txt"))
                    .contains("login:")) {
                coldBoots++;
            }
        }
        assertThat(coldBoots)
                .as("a.east and b.east: one cold boot, one restore of its snapshot")
                .isEqualTo(1);
        assertNothingLeft(runId);
    }

    @Test
    void aGuestWithoutPromptIsBootFailedAndAKilledGuestUnresolvedAndTheRunGoesOn() throws Exception {
        config("\"east\", \"west\", \"road\"", 20);
        write("TESTLIST", "kvmplutotest hang-01 good\nkvmplutotest kill-01 good\nkvmplutotest after-01 good\n");
        write("hang-01/roadinit.sh", "echo never\n");
        write("hang-01/road.console.txt", "echo never\nnever\nroad #");
        write("kill-01/eastinit.sh", "echo before\nsleep 60\necho after\n");
        write("kill-01/east.console.txt", "echo before\nbefore\neast #\n sleep 60\neast #\n echo after\nafter\neast #");
        write("after-01/eastinit.sh", "echo still here\n");
        write("after-01/east.console.txt", "echo still here\nstill here\neast #");
        String runId = "qt-" + ProcessHandle.current().pid() + "-fail";

        Thread killer = new Thread(() -> {
            try {
                Path transcript = suite.resolve("kill-01/OUTPUT/east.console.verbose.txt");
                Await.until(
                        "kill-01 to reach its sleep",
                        Duration.ofSeconds(240),
                        () -> Files.exists(transcript) && read(transcript).contains("sleep 60"));
                ProcessTree.kill(ProcessTree.marked(ProcessTree.DOMAIN_MARKER, runId + ":east").stream()
                        .filter(pid -> command(pid).startsWith("qemu-system"))
                        .toList());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.setDaemon(true);
        killer.start();
        long t0 = System.nanoTime();
        Summary summary = run(runId, List.of(""), 1, QemuOptions.Reset.SNAPSHOT, Map.of("road", "kvmrunner.hang=1"));
        killer.join(1000);

        TestRecord hang = result("hang-01");
        assertThat(hang.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(hang.issues().get("road")).contains(Issue.BOOT_FAILED.toString());
        // the boot timeout of 20 s, doubled under TCG, stretched at most 4 times by a loaded machine
        assertThat(hang.bootTime()).isLessThan(20 * QemuBackend.TCG_TIMEOUT_FACTOR * 4);
        TestRecord killed = result("kill-01");
        assertThat(killed.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(killed.issues().get("east")).contains(Issue.DOMAIN_DIED.toString());
        assertThat(result("after-01").result()).isEqualTo(Result.PASSED);
        assertThat(summary.ran()).isEqualTo(3);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(300);
        assertNothingLeft(runId);
    }

    /** A hung guest (QEMU stopped with SIGSTOP) is domain-hung; a guest kernel panic is kernel-panic; each within its timeout. */
    @Test
    void aStoppedQemuIsDomainHungAndAGuestPanicIsKernelPanic() throws Exception {
        config("\"east\", \"west\"", 120);
        write("TESTLIST", "kvmplutotest hung-01 good\nkvmplutotest panic-01 good\nkvmplutotest after-01 good\n");
        write("hung-01/eastinit.sh", "echo before\nsleep 120\n");
        write("panic-01/westinit.sh", "echo 1 > /proc/sys/kernel/sysrq; echo c > /proc/sysrq-trigger\n");
        write("after-01/eastinit.sh", "echo still here\n");
        write("after-01/east.console.txt", "echo still here\nstill here\neast #");
        String runId = "qt-" + ProcessHandle.current().pid() + "-hung";
        Thread stopper = new Thread(() -> {
            try {
                Path transcript = suite.resolve("hung-01/OUTPUT/east.console.verbose.txt");
                Await.until(
                        "hung-01 to reach its sleep",
                        Duration.ofSeconds(240),
                        () -> Files.exists(transcript) && read(transcript).contains("sleep 120"));
                for (long pid : ProcessTree.marked(ProcessTree.DOMAIN_MARKER, runId + ":east")) {
                    if (command(pid).startsWith("qemu-system")) {
                        new ProcessBuilder("kill", "-STOP", Long.toString(pid))
                                .start()
                                .waitFor();
                    }
                }
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.setDaemon(true);
        stopper.start();
        long t0 = System.nanoTime();
        Summary summary = run(runId, List.of(""), 1, QemuOptions.Reset.BOOT, Map.of());
        stopper.join(1000);

        assertThat(result("hung-01").issues().get("east")).contains(Issue.DOMAIN_HUNG.toString());
        assertThat(result("panic-01").issues().get("west")).contains(Issue.KERNEL_PANIC.toString());
        assertThat(result("panic-01").attempts()).isEqualTo(1);
        assertThat(result("after-01").result()).isEqualTo(Result.PASSED);
        assertThat(summary.ran()).isEqualTo(3);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(240);
        assertNothingLeft(runId);
    }

    @Test
    void prefixesAreIsolatedEvenOnTheSameNetworkName() throws Exception {
        Topology topology = new Topology(
                List.of("lan"),
                Map.of(
                        "east",
                                new Topology.HostNetwork(
                                        List.of(new Topology.Interface("lan", "192.0.2.1/24")), List.of(), false),
                        "west",
                                new Topology.HostNetwork(
                                        List.of(new Topology.Interface("lan", "192.0.2.2/24")), List.of(), false)));
        QemuOptions options = QemuOptions.fromEnvironment(System.getenv(), topology, System.err)
                .withAccel(QemuOptions.Accel.TCG)
                .withReset(QemuOptions.Reset.BOOT);
        String runId = "qt-" + ProcessHandle.current().pid() + "-iso";
        Duration timeout = Duration.ofSeconds(120);
        try (QemuBackend backend = new QemuBackend(options, runId);
                QemuDomain east = (QemuDomain) backend.domain(new DomainName("a.", "east"), suite.resolve("a.east"));
                QemuDomain west = (QemuDomain) backend.domain(new DomainName("b.", "west"), suite.resolve("b.west"))) {
            Console eastConsole = new Console("a.east", east.boot(timeout));
            Console westConsole = new Console("b.west", west.boot(timeout));
            try (eastConsole;
                    westConsole) {
                eastConsole.login(east.credentials().orElseThrow(), timeout);
                westConsole.login(west.credentials().orElseThrow(), timeout);
                eastConsole.sync("east", timeout);
                westConsole.sync("west", timeout);
                // same network name, different prefix: another switch, so nothing arrives
                assertThat(eastConsole
                                .execute("ping -c 2 -w 3 192.0.2.2 | grep -c 'bytes from'", timeout)
                                .output()
                                .strip())
                        .isEqualTo("0");
                assertThat(eastConsole
                                .execute("ping -c 1 -w 3 192.0.2.1 | grep -c 'bytes from'", timeout)
                                .output()
                                .strip())
                        .isEqualTo("1");
            }
            // kvmrunner sh joins the running guest's console (the consoles above have disconnected)
            write("kvmrunner.toml", "backend = \"qemu\"\n");
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            int status = dev.kvmrunner.cli.Main.execute(
                    new java.io.PrintWriter(out, true),
                    new java.io.PrintWriter(err, true),
                    "sh",
                    "--suite",
                    suite.toString(),
                    "a.east",
                    "--",
                    "hostname; (exit 3)");
            assertThat(status).as(err.toString()).isEqualTo(3);
            assertThat(out.toString()).isEqualTo("east\n");
        }
        assertNothingLeft(runId);
    }

    @Test
    void shBootsAStoppedDomainLogsInAndShutsItDownAfter() throws Exception {
        write(
                "kvmrunner.toml",
                "backend = \"qemu\"\n[qemu]\naccel = \"tcg\"\nreset = \"boot\"\n[timeouts]\nboot = 120\n" + TOPOLOGY);
        // a prefix of its own: sh joins a domain of that name from any run on the machine
        assertThat(QemuBackend.consoleSocket(new DomainName("shboot.", "east"))).isEmpty();
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int status = dev.kvmrunner.cli.Main.execute(
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true),
                "sh",
                "--suite",
                suite.toString(),
                "shboot.east",
                "--",
                "hostname; ip -4 -o addr show eth0 | grep -c 192.0.2.1/24");
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("east\n1\n");
        assertThat(err.toString()).contains("shboot.east is not running: booting it");
        // the session is over: the domain it booted is gone again
        Await.until(
                "shboot.east shut down",
                Duration.ofSeconds(10),
                () -> QemuBackend.consoleSocket(new DomainName("shboot.", "east"))
                        .isEmpty());
        assertNothingLeft("sh");
    }

    @Test
    void installAndUninstallMakeAndRemoveExactlyThePrefixState() throws Exception {
        QemuOptions options = QemuOptions.fromEnvironment(System.getenv(), Topology.NONE, System.err)
                .withDirectories(suite.resolve("cache"), suite.resolve("state"));
        QemuBackend backend = new QemuBackend(options, "qt-install");
        Files.createDirectories(suite.resolve("state"));
        Files.writeString(suite.resolve("state/keep"), "not ours");
        List<Path> made = backend.install("a.", List.of("east", "west"));
        assertThat(made)
                .containsExactly(
                        suite.resolve("state/a"), suite.resolve("state/a/east"), suite.resolve("state/a/west"));
        assertThat(backend.installedDirectory(new DomainName("a.", "east"))).contains(suite.resolve("state/a/east"));
        assertThat(backend.installedDirectory(new DomainName("b.", "east"))).isEmpty();
        Files.writeString(suite.resolve("state/a/east/snapshot"), "state");
        assertThat(backend.uninstallState("a.")).hasSize(3);
        assertThat(suite.resolve("state/a")).doesNotExist();
        assertThat(suite.resolve("state/keep")).exists();
        assertThat(backend.uninstallState("a.")).isEmpty();
    }

    @Test
    void theExampleSuitePassesThroughTheCommandLine() throws Exception {
        Path examples = Path.of("examples/net").toAbsolutePath();
        Path copy = suite.resolve("net");
        try (Stream<Path> files = Files.walk(examples)) {
            for (Path from : files.filter(p ->
                            !p.toString().contains("OUTPUT") && !p.toString().contains("BACKUP"))
                    .toList()) {
                Path to = copy.resolve(examples.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        String runId = "qt-" + ProcessHandle.current().pid() + "-example";
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = kvmrunner(out, err, "run", "--run-id", runId, copy.toString());
        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("passed: 4");
        // the default accelerator, auto, probes KVM once and says what it chose (TCG where KVM guests fail)
        assertThat(err.toString()).containsPattern("qemu accelerator: (kvm|tcg)");
        assertNothingLeft(runId);
    }

    /**
     * Ctrl-C (and a CI system's SIGTERM, and a closed terminal's SIGHUP) while the guests boot: the run ends within
     * 10 s, no QEMU or socket left.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"INT", "TERM", "HUP"})
    void aSignalDuringBootEndsTheRunWithinTenSecondsAndLeavesNoQemuOrSocket(String signal) throws Exception {
        config("\"east\", \"west\"", 120);
        write("TESTLIST", "kvmplutotest ping-01 good\nkvmplutotest ping-02 good\n");
        pingTest("ping-01");
        pingTest("ping-02");
        String runId = "qt-" + ProcessHandle.current().pid() + "-" + signal;
        Process run = startRun(runId);
        try {
            Await.until(
                    "a QEMU of the run",
                    Duration.ofSeconds(120),
                    () -> ProcessTree.marked(runId).stream()
                            .anyMatch(pid -> command(pid).startsWith("qemu-system")));
            assertSignalEndsTheRunWithinTenSeconds(run, signal);
        } finally {
            run.destroyForcibly();
        }
        assertNothingLeft(runId);
    }

    /**
     * A prefix's qemu snapshots are shared state: a second run on a prefix in use, and an uninstall of it (which
     * deleted the running group's snapshots), are refused at once (exit 2) naming the holder; its state stays.
     */
    @Test
    void aSecondRunOrUninstallOnAPrefixInUseIsRefusedAndItsSnapshotsStay() throws Exception {
        write("kvmrunner.toml", "hosts = [\"east\"]\nbackend = \"qemu\"\n[timeouts]\nboot = 120\ncommand = 600\n");
        write("TESTLIST", "kvmplutotest hold-01 good\n");
        write("hold-01/eastinit.sh", "sleep 600\n");
        String runId = "qt-" + ProcessHandle.current().pid() + "-hold";
        Path state = QemuOptions.fromEnvironment(System.getenv(), Topology.NONE, System.err)
                .stateDirectory()
                .resolve("qh");
        Process run = startRun(runId, "--prefix", "qh.");
        try {
            Await.until(
                    "the run's guest runs the test's script",
                    Duration.ofSeconds(120),
                    () -> read(suite.resolve("run.log")).contains("running script"));
            assertThat(state).as("the run installed the prefix's state").isDirectory();
            String holder = "domain group 'qh.' (qemu) is in use by run pid " + run.pid() + " (suite "
                    + suite.toRealPath() + ", started ";
            for (List<String> args : List.of(
                    List.of("run", "--accel", "tcg", "--prefix", "qh.", "--no-progress", suite.toString()),
                    List.of("uninstall", "--prefix", "qh.", "--suite", suite.toString()))) {
                java.io.StringWriter err = new java.io.StringWriter();
                long t0 = System.nanoTime();
                int exit = dev.kvmrunner.cli.Main.execute(
                        new java.io.PrintWriter(new java.io.StringWriter(), true),
                        new java.io.PrintWriter(err, true),
                        args.toArray(new String[0]));
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
                assertThat(exit).as(err.toString()).isEqualTo(2);
                assertThat(err.toString()).contains(holder);
                assertThat(state)
                        .as(args.get(0) + " leaves the held prefix's state alone")
                        .isDirectory();
            }
            assertThat(run.isAlive()).isTrue();
            // and a Ctrl-C mid-script ends the run within 10 s
            assertSignalEndsTheRunWithinTenSeconds(run, "INT");
        } finally {
            run.destroyForcibly().waitFor();
            new QemuBackend(QemuOptions.fromEnvironment(System.getenv(), Topology.NONE, System.err), runId)
                    .uninstallState("qh.");
        }
        assertThat(state)
                .as("the run removes the group it installed for itself")
                .doesNotExist();
        assertNothingLeft(runId);
    }

    @Test
    void uninstallAllEndsTheQemuOfARunnerKilledWithSigkill() throws Exception {
        config("\"east\", \"west\"", 120);
        write("TESTLIST", "kvmplutotest ping-01 good\n");
        pingTest("ping-01");
        String runId = "qt-" + ProcessHandle.current().pid() + "-kill9";
        Process run = startRun(runId, "--reset", "boot");
        List<Long> qemus;
        try {
            // a guest that is up and running its script: a QEMU killed mid-start may exit by itself, and prove nothing
            Await.until(
                    "the run's guests run the test's script",
                    Duration.ofSeconds(120),
                    () -> read(suite.resolve("run.log")).contains("running script"));
            assertThat(ProcessTree.marked(runId).stream()
                            .anyMatch(pid -> command(pid).startsWith("qemu-system")))
                    .isTrue();
            run.destroyForcibly().waitFor();
            qemus = ProcessTree.alive(ProcessTree.marked(runId));
            // the defect: QEMU outlived its runner and everything after it
            assertThat(qemus)
                    .as("QEMU survives SIGKILL of its runner until someone ends it")
                    .isNotEmpty();
        } finally {
            run.destroyForcibly();
        }
        java.io.StringWriter out = new java.io.StringWriter();
        int exit = dev.kvmrunner.cli.Main.execute(
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(new java.io.StringWriter(), true),
                // the process backend: the leftovers are found by their owner, whatever the backend; and this test
                // must not remove the qemu groups other runs on this machine have installed
                "uninstall",
                "--all",
                "--backend",
                "process",
                "--suite",
                suite.toString());
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("processes left by a killed run");
        assertNothingLeft(runId);
    }

    /** One host, east, on network lan; test k9-01 (or NAME) with SCRIPT as eastinit.sh, expecting east's hostname. */
    private void oneHostSuite(String name, String script) throws IOException {
        config("\"east\"", 120);
        write(
                "kvmrunner.toml",
                "hosts = [\"east\"]\nbackend = \"qemu\"\nsanitizers = [\"prompt.sed\"]\n[timeouts]\nboot = 120\n"
                        + "command = 600\nshutdown = 10\n[topology.networks.lan]\n[topology.hosts.east]\n"
                        + "interfaces = [{ network = \"lan\", address = \"192.0.2.1/24\" }]\n");
        write("TESTLIST", "kvmplutotest " + name + " good\n");
        write(name + "/eastinit.sh", script);
        write(name + "/east.console.txt", "hostname\neast\neast #");
    }

    /**
     * After {@code kill -9} of a qemu run while its guest runs a script, the next run on the prefix ends the killed
     * run's QEMU and vde switch, removes its work directory (console and switch sockets, overlays), takes over its
     * hold, and runs the test normally.
     */
    @Test
    void afterKillNineTheNextRunEndsTheKilledRunsQemuAndSwitchAndRunsNormally() throws Exception {
        oneHostSuite("k9-01", "sleep 600\n");
        String killedId = "qt-" + ProcessHandle.current().pid() + "-k9next";
        String nextId = killedId + "-next";
        QemuBackend backend =
                new QemuBackend(QemuOptions.fromEnvironment(System.getenv(), Topology.NONE, System.err), nextId);
        Process run = startRun(killedId, "--prefix", "qk.", "--reset", "boot");
        try {
            Await.until(
                    "the run's guest runs the test's script",
                    Duration.ofSeconds(120),
                    () -> read(suite.resolve("run.log")).contains("running script"));
            List<Long> started = ProcessTree.marked(killedId);
            assertThat(started.stream().map(QemuBackendTest::command))
                    .anyMatch(c -> c.startsWith("qemu-system"))
                    .anyMatch(c -> c.contains("vde_switch"));
            List<Path> work = workDirectories(killedId);
            assertThat(work).as("the run's work directory").hasSize(1);
            assertThat(sockets(work.get(0))).as("console and switch sockets").isNotEmpty();

            run.destroyForcibly().waitFor();
            assertThat(ProcessTree.alive(started))
                    .as("QEMU and the switch outlive the runner killed with SIGKILL")
                    .isNotEmpty();

            write("k9-01/eastinit.sh", "hostname\n");
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            int exit = kvmrunner(
                    out,
                    err,
                    "run",
                    "--accel",
                    "tcg",
                    "--run-id",
                    nextId,
                    "--prefix",
                    "qk.",
                    "--reset",
                    "boot",
                    "--no-progress",
                    suite.toString());
            assertThat(exit).as(out + "\n" + err).isZero();
            assertThat(err.toString())
                    .contains("domain group 'qk.' (qemu): taking over the stale hold of run pid " + run.pid())
                    .contains("processes left by a killed run")
                    .contains("work directories left by a killed run");
            assertThat(ProcessTree.alive(started))
                    .as("the killed run's processes")
                    .isEmpty();
            assertThat(work.get(0)).as("the killed run's work directory").doesNotExist();
            assertThat(result("k9-01").result()).isEqualTo(Result.PASSED);
        } finally {
            run.destroyForcibly().waitFor();
            backend.uninstallState("qk.");
        }
        assertNothingLeft(killedId);
        assertNothingLeft(nextId);
    }

    /**
     * One Ctrl-C while a qemu run judges (a sanitizer that loops forever) or writes its reports (held just before
     * index.html): the run ends within 10 s with exit 130, RESULT is whole, no half-written report or temporary file,
     * no QEMU, switch or socket left.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"judging", "report writing"})
    void aCtrlCDuringJudgingOrReportWritingEndsTheRunAndLeavesNothingHalfWritten(String phase) throws Exception {
        oneHostSuite("late-01", "hostname\n");
        boolean judging = phase.equals("judging");
        if (judging) {
            write("loop.sed", ":a\nba\n");
            write(
                    "kvmrunner.toml",
                    read(suite.resolve("kvmrunner.toml")).replace("\"prompt.sed\"", "\"prompt.sed\", \"loop.sed\""));
        }
        String runId = "qt-" + ProcessHandle.current().pid() + (judging ? "-judging" : "-report");
        Path junit = suite.resolve("reports/junit.xml");
        Path html = suite.resolve("reports/html");
        Path paused = suite.resolve("report-paused");
        Process run = startRun(
                List.of("-Dkvmrunner.testing.reportPause=" + paused),
                runId,
                "--no-progress",
                "--junit",
                junit.toString(),
                "--html",
                html.toString());
        try {
            Path debugLog = suite.resolve("late-01/OUTPUT/debug.log");
            Await.until(
                    phase + " begins",
                    Duration.ofSeconds(120),
                    () -> judging
                            ? read(debugLog).contains("judging: sanitizing the transcripts")
                            : Files.exists(paused));
            assertSignalEndsTheRunWithinTenSeconds(run, "INT");
        } finally {
            run.destroyForcibly().waitFor();
        }
        TestRecord record = result("late-01");
        assertThat(dev.kvmrunner.testing.StoppedRunFiles.junitTestCases(junit))
                .as("the JUnit file is whole")
                .isEqualTo(1);
        if (judging) {
            assertThat(record.result()).isEqualTo(Result.UNRESOLVED);
            assertThat(record.issues().get("east")).contains(Issue.INTERRUPTED.label());
            // a stop before the reports began: they describe the interrupted run, whole
            assertThat(html.resolve("index.html")).content().contains("late-01").contains("</html>");
        } else {
            assertThat(record.result()).isEqualTo(Result.PASSED);
            assertThat(read(suite.resolve("run.log"))).contains("interrupted while writing the reports");
            assertThat(html).as("no half-made HTML report").doesNotExist();
        }
        assertThat(dev.kvmrunner.testing.StoppedRunFiles.temporaryFiles(suite)).isEmpty();
        assertNothingLeft(runId);
    }

    /** The work directories of run RUN_ID in the temporary folder. */
    private static List<Path> workDirectories(String runId) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("kvmrunner-" + runId + "-"))
                    .toList();
        }
    }

    /** The sockets under DIRECTORY. */
    private static List<Path> sockets(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(p -> {
                        try {
                            return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class)
                                    .isOther();
                        } catch (IOException e) {
                            return false; // gone meanwhile
                        }
                    })
                    .toList();
        }
    }

    /** Runs kvmrunner ARGS in this JVM, its output to OUT and ERR. */
    private static int kvmrunner(java.io.StringWriter out, java.io.StringWriter err, String... args) {
        return dev.kvmrunner.cli.Main.execute(
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), args);
    }

    /** Sends SIGNAL to RUN: it exits 130 within 10 s. */
    private void assertSignalEndsTheRunWithinTenSeconds(Process run, String signal) throws Exception {
        long t0 = System.nanoTime();
        dev.kvmrunner.testing.Signals.send(run.pid(), signal);
        assertThat(run.waitFor(60, TimeUnit.SECONDS))
                .as("run exits after SIG%s; log: %s", signal, read(suite.resolve("run.log")))
                .isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
                .as(read(suite.resolve("run.log")))
                .isLessThan(Duration.ofSeconds(10));
        assertThat(run.exitValue()).isEqualTo(130);
    }

    /**
     * A QEMU that will not take the restore's stub kernel (none known does; a future one might): a
     * wrapper first on PATH refuses it as QEMU refuses a bad kernel and runs the real QEMU for
     * everything else. The run says so once, restores with the kernel itself, and passes without
     * booting cold again.
     */
    @Test
    void aQemuThatRefusesTheStubKernelStillRestoresGivenTheKernelItself() throws Exception {
        config("\"east\", \"west\"", 120);
        hostnameTests("stub-01", "stub-02");
        Path qemu = java.util.Arrays.stream(System.getenv("PATH").split(":"))
                .map(dir -> Path.of(dir, "qemu-system-x86_64"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow();
        Path bin = Files.createDirectories(suite.resolve("refusing-qemu"));
        Path wrapper = bin.resolve("qemu-system-x86_64");
        Files.writeString(
                wrapper,
                "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in */restore-kernel) echo 'qemu: invalid kernel header' >&2;"
                        + " exit 1;; esac; done\nexec " + qemu + " \"$@\"\n");
        wrapper.toFile().setExecutable(true);
        String runId = "qt-" + ProcessHandle.current().pid() + "-stub";
        Process run = startRun(
                List.of(),
                Map.of(
                        "PATH",
                        bin + ":" + System.getenv("PATH"),
                        // a state of its own: no snapshot installed on this machine serves the first boot
                        "KVMRUNNER_STATE_DIR",
                        suite.resolve("state").toString()),
                runId,
                "--reset",
                "snapshot",
                "--workers",
                "1",
                "--no-progress");
        try {
            // under the boot timeout (120 s): a QEMU that exits at start is noticed at once
            assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("the run ends").isTrue();
            String log = read(suite.resolve("run.log"));
            assertThat(run.exitValue()).as(log).isZero();
            assertThat(log)
                    .containsOnlyOnce("qemu did not restore with a stub of the kernel")
                    .contains("qemu: invalid kernel header")
                    .contains("restores read the whole kernel from now on");
            assertThat(result("stub-02").result()).isEqualTo(Result.PASSED);
            assertThat(Files.readString(suite.resolve("stub-02/OUTPUT/east.console.boot.txt")))
                    .as("stub-02's east restored, not booted cold")
                    .doesNotContain("login:");
        } finally {
            run.destroyForcibly().waitFor();
        }
        assertNothingLeft(runId);
    }

    /** Starts {@code kvmrunner run --accel tcg --run-id RUN_ID OPTIONS... SUITE} in its own JVM, logging to run.log. */
    private Process startRun(String runId, String... options) throws IOException {
        return startRun(List.of(), runId, options);
    }

    /** As {@link #startRun(String, String...)}, with the JVM's options JVM_OPTIONS. */
    private Process startRun(List<String> jvmOptions, String runId, String... options) throws IOException {
        return startRun(jvmOptions, Map.of(), runId, options);
    }

    /** As {@link #startRun(List, String, String...)}, with ENVIRONMENT added to the run's. */
    private Process startRun(List<String> jvmOptions, Map<String, String> environment, String runId, String... options)
            throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "dev.kvmrunner.cli.Main",
                "run",
                "--accel",
                "tcg",
                "--run-id",
                runId));
        command.addAll(List.of(options));
        command.add(suite.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(suite.resolve("run.log").toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static String command(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"))
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
