package dev.kvmrunner.domain.netns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.cli.Main;
import dev.kvmrunner.config.SuiteConfig;
import dev.kvmrunner.console.Console;
import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.domain.Backends;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.ProcessTree;
import dev.kvmrunner.judge.Issue;
import dev.kvmrunner.judge.Result;
import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.results.TestRecord;
import dev.kvmrunner.testing.Await;
import dev.kvmrunner.testing.RequiresTools;
import dev.kvmrunner.testing.Slow;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The netns backend for real: namespaces, bridges, veths, traffic, SIGINT, SIGKILL and clean-up.
 * Needs root (CI runs as root); each test uses its own prefixes and checks that nothing it
 * made is left: no namespace of its prefixes, no process of its run, no new link named as
 * the backend names its links in the root namespace.
 */
@RequiresTools({"root", "ip", "unshare", "nsenter", "sysctl"})
@Slow
@Tag("netns")
class NetnsIntegrationTest {
    private static final Commands COMMANDS = new Commands(Timeouts.DEFAULTS.localCommand());
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Path EXAMPLE = Path.of("examples/netns").toAbsolutePath();

    @TempDir
    Path temp;

    private final String run = "it-" + UUID.randomUUID();
    private final List<String> prefixes = new ArrayList<>();
    private Set<String> rootLinks;

    @BeforeEach
    void rememberRootLinks() {
        rootLinks = rootLinks();
    }

    @AfterEach
    void removeWhatIsLeft() {
        NetnsBackend backend = new NetnsBackend(BackendSettings.of(run));
        prefixes.forEach(backend::uninstall);
        ProcessTree.kill(ProcessTree.marked(run));
    }

    // ---- the example suite -----------------------------------------------------------------

    @Test
    void exampleSuitePassesOnTwoPrefixesWithTwoWorkersAndLeavesNothing() throws Exception {
        use("ita.", "itb.");
        Path suite = copy(EXAMPLE, temp.resolve("netns"));
        StringWriter out = new StringWriter();
        int exit = kvmrunner(
                out,
                "run",
                "--run-id",
                run,
                "--workers",
                "2",
                "--prefix",
                "ita.",
                "--prefix",
                "itb.",
                suite.toString());
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("passed: 7")
                .contains("ita.runner")
                .contains("itb.runner")
                .contains("installing domain group 'ita.'")
                .contains("uninstalled domain group 'itb.'");
        assertNothingLeft();
    }

    @Test
    void twoIndependentRunsSideBySideWithDifferentPrefixes() throws Exception {
        use("sba.", "sbb.");
        Path first = copy(EXAMPLE, temp.resolve("first"));
        Path second = copy(EXAMPLE, temp.resolve("second"));
        // two runs, two run ids: the end of one run must not touch the other's domains
        Process a = kvmrunnerProcess(
                temp.resolve("a.log"), "run", "--run-id", run + "-a", "--prefix", "sba.", first.toString());
        Process b = kvmrunnerProcess(
                temp.resolve("b.log"), "run", "--run-id", run + "-b", "--prefix", "sbb.", second.toString());
        assertThat(a.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(a.exitValue()).as(read(temp.resolve("a.log"))).isZero();
        assertThat(b.exitValue()).as(read(temp.resolve("b.log"))).isZero();
        assertThat(read(temp.resolve("a.log"))).contains("passed: 7");
        assertThat(read(temp.resolve("b.log"))).contains("passed: 7");
        assertNothingLeft();
        assertThat(ProcessTree.alive(ProcessTree.marked(run + "-a"))).isEmpty();
        assertThat(ProcessTree.alive(ProcessTree.marked(run + "-b"))).isEmpty();
    }

    @Test
    void prefixesAreIsolatedFromEachOtherAndFromTheMachine() throws Exception {
        use("isa.", "isb.");
        assertThat(kvmrunner(
                        new StringWriter(),
                        "install",
                        "--suite",
                        EXAMPLE.toString(),
                        "--prefix",
                        "isa.",
                        "--prefix",
                        "isb."))
                .isZero();
        try (Backend backend = exampleBackend()) {
            Console aEast = boot(backend, "isa.", "east");
            boot(backend, "isa.", "nic");
            boot(backend, "isb.", "nic");
            boot(backend, "isb.", "west");
            Console bEast = boot(backend, "isb.", "east");
            // the same route and address; only b.'s west is up: a. cannot reach it, b. can
            assertThat(bEast.run("ping -c 1 -W 2 192.0.2.45", TIMEOUT)).isZero();
            assertThat(aEast.run("ping -c 1 -W 1 192.0.2.45", TIMEOUT)).isEqualTo(1);
            // nothing of the groups is on the machine's own interfaces
            assertThat(COMMANDS.must(List.of("ip", "-o", "addr", "show")))
                    .doesNotContain("192.0.2.45/")
                    .doesNotContain("198.51.100.")
                    .doesNotContain("203.0.113.");
            assertThat(rootLinks()).isEqualTo(rootLinks);
            // the group namespace holds loopback, one bridge per network and the hosts' veth ends
            assertThat(links(NetnsNames.group("isb.")))
                    .containsExactlyInAnyOrder(
                            "lo",
                            "br-eastnet",
                            "br-roadnet",
                            "br-westnet",
                            "east-0",
                            "west-0",
                            "nic-0",
                            "nic-1",
                            "nic-2");
            closeAll();
        }
        uninstall("isa.", "isb.");
        assertNothingLeft();
    }

    // ---- sh --------------------------------------------------------------------------------

    @Test
    void shJoinsTheRunningDomainOrStartsFreshNamespaces() throws Exception {
        use("shx.");
        assertThat(kvmrunner(new StringWriter(), "install", "--suite", EXAMPLE.toString(), "--prefix", "shx."))
                .isZero();
        try (Backend backend = exampleBackend()) {
            Console east = boot(backend, "shx.", "east");
            // a mount only the domain's mount namespace has
            assertThat(east.run("mount -t tmpfs kvmr-test /mnt && echo joined > /mnt/mark", TIMEOUT))
                    .isZero();
            StringWriter out = new StringWriter();
            assertThat(kvmrunner(
                            out,
                            "sh",
                            "--suite",
                            EXAMPLE.toString(),
                            "shx.east",
                            "--",
                            "cat /mnt/mark; hostname; ip -4 -o addr show dev eth0 | awk '{print $4}'"))
                    .isZero();
            assertThat(out.toString()).isEqualTo("joined\neast\n198.51.100.23/24\n");
            assertThat(kvmrunner(
                            new StringWriter(), "sh", "--suite", EXAMPLE.toString(), "shx.east", "--", "exit", "3"))
                    .isEqualTo(3);

            backend.domain(new DomainName("shx.", "east"), temp.resolve("shx.east"))
                    .shutdown(TIMEOUT);
            closeAll();
        }
        assertThat(Files.exists(Path.of("/mnt/mark")))
                .as("the domain's mount stays in the domain")
                .isFalse();
        // no running domain: fresh namespaces (without the old mount), the hostname all the same
        StringWriter fresh = new StringWriter();
        assertThat(kvmrunner(
                        fresh,
                        "sh",
                        "--suite",
                        EXAMPLE.toString(),
                        "shx.east",
                        "--",
                        "hostname; test -e /mnt/mark; echo $?; echo $$"))
                .isZero();
        assertThat(fresh.toString()).isEqualTo("east\n1\n1\n");

        // interactive: a shell reading the user's terminal (here a pipe)
        Process shell = kvmrunnerProcess(temp.resolve("sh.log"), "sh", "--suite", EXAMPLE.toString(), "shx.west");
        shell.getOutputStream().write("hostname\nexit 5\n".getBytes(StandardCharsets.UTF_8));
        shell.getOutputStream().close();
        assertThat(shell.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(shell.exitValue()).isEqualTo(5);
        assertThat(Files.readString(temp.resolve("sh.log"))).contains("west\n");

        uninstall("shx.");
        assertNothingLeft();
    }

    // ---- install and uninstall ---------------------------------------------------------------

    @Test
    void installAndUninstallAreIdempotentAndARunKeepsWhatItDidNotInstall() throws Exception {
        use("idp.");
        StringWriter out = new StringWriter();
        assertThat(kvmrunner(out, "install", "--suite", EXAMPLE.toString(), "--prefix", "idp."))
                .isZero();
        assertThat(kvmrunner(out, "install", "--suite", EXAMPLE.toString(), "--prefix", "idp."))
                .isZero();
        assertThat(out.toString())
                .isEqualTo("prefix 'idp.': installed (netns)\nprefix 'idp.': already installed (netns)\n");
        assertThat(NetnsBackend.namespacesOf("idp.")).containsExactly(NetnsNames.group("idp."));
        assertThat(links(NetnsNames.group("idp.")))
                .containsExactlyInAnyOrder("lo", "br-eastnet", "br-roadnet", "br-westnet");

        Path suite = copy(EXAMPLE, temp.resolve("netns"));
        StringWriter runOut = new StringWriter();
        assertThat(kvmrunner(
                        runOut,
                        "run",
                        "--run-id",
                        run,
                        "--prefix",
                        "idp.",
                        "--test-name",
                        "netns-ping-01",
                        suite.toString()))
                .as(runOut.toString())
                .isZero();
        assertThat(runOut.toString()).doesNotContain("installing domain group");
        // the run shut its domains down (their namespaces are gone) and left the group as it found it
        assertThat(NetnsBackend.namespacesOf("idp.")).containsExactly(NetnsNames.group("idp."));
        assertThat(links(NetnsNames.group("idp.")))
                .containsExactlyInAnyOrder("lo", "br-eastnet", "br-roadnet", "br-westnet");

        StringWriter gone = new StringWriter();
        assertThat(kvmrunner(gone, "uninstall", "--suite", EXAMPLE.toString(), "--prefix", "idp."))
                .isZero();
        assertThat(kvmrunner(gone, "uninstall", "--suite", EXAMPLE.toString(), "--prefix", "idp."))
                .isZero();
        assertThat(gone.toString())
                .isEqualTo("prefix 'idp.': uninstalled (netns)\nprefix 'idp.': not installed (netns)\n");
        assertNothingLeft();
    }

    @Test
    void badPrefixIsRejectedWithAClearError() {
        StringWriter err = new StringWriter();
        int exit = Main.execute(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err, true),
                "install",
                "--suite",
                EXAMPLE.toString(),
                "--prefix",
                "much-too-long.");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("bad prefix 'much-too-long.'");
        assertThat(NetnsBackend.ourNamespaces()).noneMatch(n -> n.contains("much"));
    }

    // ---- a dying domain, SIGINT, SIGKILL -------------------------------------------------------

    @Test
    void aShellThatDiesLeavesItsTestUnresolvedAndTheNextTestGetsAFreshDomain() throws Exception {
        use("dd.");
        Path suite = smallSuite(temp.resolve("dies"), """
                kvmplutotest dies-01 good
                kvmplutotest after-01 good
                """);
        write(suite.resolve("dies-01/eastinit.sh"), "echo before\nexit\necho never\n");
        write(
                suite.resolve("dies-01/east.console.txt"),
                "echo before\nbefore\neast #\n exit\neast #\n echo never\nnever\neast #");
        write(suite.resolve("after-01/eastinit.sh"), "echo after\n");
        write(suite.resolve("after-01/east.console.txt"), "echo after\nafter\neast #");
        StringWriter out = new StringWriter();
        int exit = kvmrunner(out, "run", "--run-id", run, "--prefix", "dd.", suite.toString());
        assertThat(exit).as(out.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("console of dd.east closed during eastinit.sh (the domain died)");
        TestRecord dies = ResultFile.read(suite.resolve("dies-01/OUTPUT")).orElseThrow();
        assertThat(dies.result()).isEqualTo(Result.UNRESOLVED);
        assertThat(dies.issuesText()).contains(Issue.OUTPUT_TRUNCATED.label());
        assertThat(ResultFile.read(suite.resolve("after-01/OUTPUT"))
                        .orElseThrow()
                        .result())
                .as(out.toString())
                .isEqualTo(Result.PASSED);
        assertNothingLeft();
    }

    @Test
    void sigintStopsTheRunAndRemovesEverything() throws Exception {
        use("sig.");
        Path suite = hangingSuite(temp.resolve("hang"));
        Path log = temp.resolve("run.log");
        Process runner = hangingRun(suite, log, "sig.");
        assertThat(NetnsBackend.namespacesOf("sig."))
                .contains(NetnsNames.group("sig."), "kvmr-sig.east", "kvmr-sig.west");
        assertThat(ProcessTree.alive(ProcessTree.marked(run))).isNotEmpty();
        long t0 = System.nanoTime();
        COMMANDS.must(List.of("kill", "-INT", Long.toString(runner.pid())));
        assertThat(runner.waitFor(60, TimeUnit.SECONDS)).as(read(log)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(read(log)).isLessThan(Duration.ofSeconds(10));
        assertThat(runner.exitValue()).as(read(log)).isEqualTo(130);
        assertThat(read(log)).contains("interrupted").contains("uninstalled domain group 'sig.'");
        assertNothingLeft();
    }

    /**
     * A CI system's SIGTERM, and a closed terminal's SIGHUP, stop the run like the first Ctrl-C: the groups the run
     * installed for itself are removed too, no namespace, link or process is left.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"TERM", "HUP"})
    void sigtermAndSighupStopTheRunAndRemoveTheGroupsItInstalled(String signal) throws Exception {
        String prefix = signal.toLowerCase(java.util.Locale.ROOT) + ".";
        use(prefix);
        Path suite = hangingSuite(temp.resolve("hang"));
        Path log = temp.resolve("run.log");
        Process runner = hangingRun(suite, log, prefix);
        assertThat(NetnsBackend.namespacesOf(prefix)).isNotEmpty();
        long t0 = System.nanoTime();
        dev.kvmrunner.testing.Signals.send(runner.pid(), signal);
        assertThat(runner.waitFor(60, TimeUnit.SECONDS)).as(read(log)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(read(log)).isLessThan(Duration.ofSeconds(10));
        assertThat(runner.exitValue()).as(read(log)).isEqualTo(130);
        assertThat(read(log))
                .contains("SIG" + signal + ": stopping the run")
                .contains("interrupted")
                .contains("uninstalled domain group '" + prefix + "'");
        assertNothingLeft();
    }

    /**
     * One Ctrl-C while the domain boots (held by the runner's test pause once its namespace is up, before the login),
     * while the finished test is judged (a sanitizer that loops forever) or while the reports are written (held by
     * the runner's test pause): the run ends within 10 s with exit 130, the groups it installed are removed,
     * nothing half-written is left, and no namespace, link or process remains.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"boot", "judging", "reports"})
    void oneSigintDuringBootJudgingOrReportWritingEndsTheRunWithinTenSecondsAndRemovesEverything(String phase)
            throws Exception {
        String prefix = phase.substring(0, 3) + ".";
        use(prefix);
        Path suite = smallSuite(temp.resolve("suite"), "kvmplutotest phase-01 good\n");
        write(suite.resolve("phase-01/eastinit.sh"), "echo phase\n");
        Path paused = temp.resolve("report-paused");
        Path junit = temp.resolve("reports/junit.xml");
        Path html = temp.resolve("reports/html");
        Path log = temp.resolve("run.log");
        Process runner;
        if (phase.equals("boot")) {
            runner = kvmrunnerProcess(
                    log,
                    List.of("-Dkvmrunner.testing.bootPause=" + paused),
                    "run",
                    "--run-id",
                    run,
                    "--prefix",
                    prefix,
                    suite.toString());
            Await.until("the domain boots", Duration.ofSeconds(60), () -> Files.exists(paused));
            assertThat(NetnsBackend.namespacesOf(prefix)).isNotEmpty();
        } else if (phase.equals("judging")) {
            Files.writeString(suite.resolve("loop.sed"), ":a\nba\n");
            Files.writeString(
                    suite.resolve(SuiteConfig.FILE_NAME),
                    "hosts = [\"east\"]\nbackend = \"netns\"\nsanitizers = [\"loop.sed\"]\n");
            runner = kvmrunnerProcess(log, List.of(), "run", "--run-id", run, "--prefix", prefix, suite.toString());
            Path debugLog = suite.resolve("phase-01/OUTPUT/debug.log");
            Await.until(
                    "judging starts",
                    Duration.ofSeconds(60),
                    () -> Files.exists(debugLog) && read(debugLog).contains("judging: sanitizing the transcripts"));
        } else {
            runner = kvmrunnerProcess(
                    log,
                    List.of("-Dkvmrunner.testing.reportPause=" + paused),
                    "run",
                    "--run-id",
                    run,
                    "--prefix",
                    prefix,
                    "--junit",
                    junit.toString(),
                    "--html",
                    html.toString(),
                    suite.toString());
            Await.until("the reports are being written", Duration.ofSeconds(60), () -> Files.exists(paused));
        }
        long t0 = System.nanoTime();
        COMMANDS.must(List.of("kill", "-INT", Long.toString(runner.pid())));
        assertThat(runner.waitFor(60, TimeUnit.SECONDS)).as(read(log)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(read(log)).isLessThan(Duration.ofSeconds(10));
        assertThat(runner.exitValue()).as(read(log)).isEqualTo(130);
        assertThat(read(log)).contains("uninstalled domain group '" + prefix + "'");
        TestRecord record = ResultFile.read(suite.resolve("phase-01/OUTPUT")).orElse(null);
        assertThat(record != null || phase.equals("boot"))
                .as("a RESULT, unless the test never got its domain")
                .isTrue();
        if (record == null) {
            assertNothingLeft();
            return;
        }
        if (phase.equals("boot")) {
            assertThat(record.result().toString()).isNotEqualTo("passed");
        } else if (phase.equals("judging")) {
            assertThat(record.result().toString()).isEqualTo("unresolved");
            assertThat(record.issues().get("east")).contains("interrupted");
        } else {
            assertThat(record.issues().values())
                    .as("judged before the reports began")
                    .noneMatch(issues -> issues.contains("interrupted"));
            assertThat(dev.kvmrunner.testing.StoppedRunFiles.junitTestCases(junit))
                    .isEqualTo(1);
            assertThat(html).as("the half-made HTML report is removed").doesNotExist();
        }
        assertThat(dev.kvmrunner.testing.StoppedRunFiles.temporaryFiles(temp)).isEmpty();
        assertNothingLeft();
    }

    /**
     * Two runs on one prefix destroyed each other, and uninstall pulled the namespaces from under a run: both
     * are refused at once (exit 2) naming the run that holds the group, and the run goes on untouched.
     */
    @Test
    void aSecondRunOrUninstallOnAPrefixInUseIsRefusedAtOnceNamingTheHolder() throws Exception {
        use("held.");
        Path suite = hangingSuite(temp.resolve("hang"));
        Path log = temp.resolve("run.log");
        Process runner = hangingRun(suite, log, "held.");
        Set<String> namespaces = Set.copyOf(NetnsBackend.namespacesOf("held."));
        String holder = "is in use by run pid " + runner.pid() + " (suite " + suite.toRealPath() + ", started ";

        for (List<String> args : List.of(
                List.of("run", "--prefix", "held.", "--no-progress", suite.toString()),
                List.of("uninstall", "--suite", suite.toString(), "--prefix", "held."))) {
            StringWriter out = new StringWriter();
            long t0 = System.nanoTime();
            assertThat(kvmrunner(out, args.toArray(new String[0])))
                    .as(out.toString())
                    .isEqualTo(2);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            assertThat(out.toString()).contains("domain group 'held.' (netns) " + holder);
            assertThat(Set.copyOf(NetnsBackend.namespacesOf("held.")))
                    .as(args.get(0) + " leaves the held group alone")
                    .isEqualTo(namespaces);
        }
        assertThat(runner.isAlive()).isTrue();
        assertThat(read(log)).doesNotContain("boot-failed").doesNotContain("domain-died");

        COMMANDS.must(List.of("kill", "-INT", Long.toString(runner.pid())));
        assertThat(runner.waitFor(60, TimeUnit.SECONDS)).as(read(log)).isTrue();
        assertThat(runner.exitValue()).as(read(log)).isEqualTo(130);
        assertNothingLeft();
    }

    @Test
    void afterKillNineUninstallRemovesEverything() throws Exception {
        use("k9.");
        Path suite = hangingSuite(temp.resolve("hang"));
        KilledRun killed = killedMidScript(suite, "k9.");
        Process runner = killed.runner();
        List<Long> inside = killed.inside();
        assertThat(NetnsBackend.namespacesOf("k9."))
                .as("a killed run leaves its namespaces")
                .isNotEmpty();

        StringWriter out = new StringWriter();
        assertThat(kvmrunner(out, "uninstall", "--suite", suite.toString(), "--prefix", "k9."))
                .isZero();
        assertThat(out.toString())
                .contains("prefix 'k9.': uninstalled (netns)\n")
                .contains("domain group 'k9.' (netns): taking over the stale hold of run pid " + runner.pid());
        Await.until(
                "every process that was in the namespaces is gone",
                TIMEOUT,
                () -> ProcessTree.alive(inside).isEmpty());
        assertNothingLeft();
    }

    /** After kill -9, the next run on the prefix ends what the killed run left, takes over its hold and runs. */
    @Test
    void afterKillNineTheNextRunRemovesWhatTheKilledRunLeft() throws Exception {
        use("k9n.");
        Path suite = hangingSuite(temp.resolve("hang"));
        KilledRun killed = killedMidScript(suite, "k9n.");
        Process runner = killed.runner();
        List<Long> inside = killed.inside();

        write(suite.resolve("hang-01/westrun.sh"), "true\n");
        StringWriter out = new StringWriter();
        int exit = kvmrunner(out, "run", "--no-progress", "--prefix", "k9n.", suite.toString());
        assertThat(exit).as(out.toString()).isEqualTo(1); // ran; no expected output: unchecked
        assertThat(out.toString())
                .contains("domain group 'k9n.' (netns): taking over the stale hold of run pid " + runner.pid())
                .doesNotContain("boot-failed");
        assertThat(ProcessTree.alive(inside))
                .as("nothing of the killed run is left")
                .isEmpty();
        uninstall("k9n.");
        assertNothingLeft();
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** Starts a run of the hanging SUITE on PREFIX, logging to LOG, and waits until west's script runs. */
    private Process hangingRun(Path suite, Path log, String prefix) throws Exception {
        Process runner = kvmrunnerProcess(log, "run", "--run-id", run, "--prefix", prefix, suite.toString());
        Await.until(
                "the test's scripts run",
                Duration.ofSeconds(60),
                () -> read(log).contains("running script west:westrun.sh"));
        return runner;
    }

    /** A run killed with SIGKILL and the processes that were in its namespaces. */
    private record KilledRun(Process runner, List<Long> inside) {}

    /** Runs the hanging SUITE on PREFIX and kills the runner with SIGKILL mid-script (no clean-up at all). */
    private KilledRun killedMidScript(Path suite, String prefix) throws Exception {
        Process runner = hangingRun(suite, temp.resolve("run.log"), prefix);
        List<Long> inside = new ArrayList<>();
        // the script's log line comes first: wait for its setsid'ed sleep, which outlives the runner's pty
        Await.until("west's daemon runs", TIMEOUT, () -> {
            inside.clear();
            for (String namespace : NetnsBackend.namespacesOf(prefix)) {
                inside.addAll(NetnsProcesses.in(namespace));
            }
            return inside.stream().anyMatch(pid -> cmdline(pid).equals("sleep 300"));
        });
        runner.destroyForcibly();
        assertThat(runner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new KilledRun(runner, inside);
    }

    private void use(String... used) {
        prefixes.addAll(List.of(used));
        removeWhatIsLeft(); // a killed earlier test run may have left these
    }

    private void assertNothingLeft() throws InterruptedException {
        for (String prefix : prefixes) {
            assertThat(NetnsBackend.namespacesOf(prefix))
                    .as("namespaces of prefix " + prefix)
                    .isEmpty();
        }
        Await.until(
                "no process of run " + run + " is left",
                TIMEOUT,
                () -> ProcessTree.alive(ProcessTree.marked(run)).isEmpty());
        assertThat(rootLinks()).as("links of the root namespace").isEqualTo(rootLinks);
    }

    private Backend exampleBackend() {
        return Backends.create(NetnsBackend.NAME, BackendSettings.of(run, SuiteConfig.load(EXAMPLE)));
    }

    private final List<Domain> booted = new ArrayList<>();

    private Console boot(Backend backend, String prefix, String host) throws Exception {
        Domain domain = backend.domain(new DomainName(prefix, host), temp.resolve(prefix + host));
        booted.add(domain);
        Console console = new Console(prefix + host, domain.boot(TIMEOUT));
        console.sync(host, TIMEOUT);
        return console;
    }

    private void closeAll() {
        booted.forEach(Domain::close);
        booted.clear();
    }

    private void uninstall(String... removed) {
        List<String> args = new ArrayList<>(List.of("uninstall", "--suite", EXAMPLE.toString()));
        for (String prefix : removed) {
            args.addAll(List.of("--prefix", prefix));
        }
        assertThat(kvmrunner(new StringWriter(), args.toArray(new String[0]))).isZero();
    }

    private static int kvmrunner(StringWriter out, String... args) {
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        out.write(err.toString());
        return exit;
    }

    private static Process kvmrunnerProcess(Path log, String... args) throws IOException {
        return kvmrunnerProcess(log, List.of(), args);
    }

    private static Process kvmrunnerProcess(Path log, List<String> jvmOptions, String... args) throws IOException {
        List<String> command =
                new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /**
     * The names of the links the netns backend makes ({@link NetnsNames}): bridges
     * {@code br-<network>}, veth ends {@code <host>-<N>} (hashed or not) and the domains'
     * {@code eth<N>}. Only these are compared: other processes on the machine (libvirt, other
     * tests, container runtimes) add and remove links of their own at any time.
     */
    private static final Pattern KVMRUNNER_LINK = Pattern.compile("br-[a-z0-9]+|[a-z][a-z0-9]*-[0-9]+|eth[0-9]+");

    /** The links of the root namespace that kvmrunner could have made. */
    private static Set<String> rootLinks() {
        Set<String> names = new TreeSet<>();
        for (String line : COMMANDS.must(List.of("ip", "-o", "link", "show")).split("\n")) {
            String[] fields = line.split(":\\s+");
            if (fields.length > 1) {
                String name = fields[1].replaceAll("@.*", "");
                if (KVMRUNNER_LINK.matcher(name).matches()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static List<String> links(String namespace) {
        List<String> names = new ArrayList<>();
        for (String line : COMMANDS.must(List.of("ip", "-n", namespace, "-o", "link", "show"))
                .split("\n")) {
            String[] fields = line.split(":\\s+");
            if (fields.length > 1) {
                names.add(fields[1].replaceAll("@.*", ""));
            }
        }
        return names;
    }

    /** Two hosts on one network; west's script hangs with a foreground sleep and a daemon. */
    private static Path hangingSuite(Path suite) throws IOException {
        smallSuite(suite, "kvmplutotest hang-01 good\n");
        Files.writeString(suite.resolve(SuiteConfig.FILE_NAME), """
                hosts = ["east", "west"]
                backend = "netns"
                [timeouts]
                command = 120
                [topology.networks.lan]
                [topology.hosts.east]
                interfaces = [{ network = "lan", address = "192.0.2.23/24" }]
                [topology.hosts.west]
                interfaces = [{ network = "lan", address = "192.0.2.45/24" }]
                """);
        write(suite.resolve("hang-01/eastinit.sh"), "ping -c 1 -W 2 192.0.2.45 > /dev/null || echo unexpected\n");
        write(suite.resolve("hang-01/westrun.sh"), "setsid sleep 300 < /dev/null > /dev/null 2>&1 &\nsleep 100\n");
        return suite;
    }

    /** A suite of host east on the netns backend, no networks, with TESTLIST. */
    private static Path smallSuite(Path suite, String testlist) throws IOException {
        Files.createDirectories(suite);
        Files.writeString(suite.resolve("TESTLIST"), testlist);
        Files.writeString(suite.resolve(SuiteConfig.FILE_NAME), """
                hosts = ["east"]
                backend = "netns"
                sanitizers = ["cutout.sed", "prompt.sed"]
                [timeouts]
                command = 10
                """);
        Files.copy(EXAMPLE.resolve("sanitizers/cutout.sed"), suite.resolve("cutout.sed"));
        Files.copy(EXAMPLE.resolve("sanitizers/prompt.sed"), suite.resolve("prompt.sed"));
        return suite;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String cmdline(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "cmdline"))
                .replace('\0', ' ')
                .trim();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(file);
                if (relative.toString().contains("OUTPUT")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }
}
