package dev.kvmrunner.domain.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kvmrunner.config.Topology;
import dev.kvmrunner.console.Console;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.ProcessTree;
import dev.kvmrunner.testing.Await;
import dev.kvmrunner.testing.RequiresTools;
import dev.kvmrunner.testing.Slow;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full Debian guest: built once with mmdebstrap (cached in the user's cache directory, so
 * every test here and later runs share it), booted under TCG on copy-on-write overlays, with
 * the host's directories mounted over 9p and the suite's install step. Slow: image build on
 * first use (1-3 min), then a few boots.
 */
@RequiresTools({"root", "qemu-system-x86_64", "qemu-img", "mmdebstrap", "mke2fs"}) // root: mmdebstrap --mode=root
@Tag("qemu")
@Slow
class DebianGuestTest {
    /** One package list for every Debian test (and the stand-in suite): one image, built once. */
    static final List<String> PACKAGES = List.of("libreswan", "iputils-ping", "netcat-openbsd");

    private static final Duration TIMEOUT = Duration.ofSeconds(240);

    @TempDir
    Path temp;

    @BeforeAll
    static void debianImageCanBeBuilt() throws Exception {
        assumeDebianImage();
        // build (or find) the image once, outside every test's timeouts
        new DebianImageBuilder(options().cacheDirectory(), System.err)
                .image(PACKAGES, options().password());
    }

    /** Skips unless this machine can build and boot the Debian image. */
    static void assumeDebianImage() {
        for (String tool : List.of("qemu-system-x86_64", "qemu-img", "mmdebstrap", "mke2fs")) {
            assumeTrue(
                    onPath(tool),
                    tool + " is not installed (apt-get install qemu-system-x86 qemu-utils mmdebstrap e2fsprogs)");
        }
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "mmdebstrap --mode=root needs root to build the Debian image");
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    private static QemuOptions options() {
        return QemuOptions.fromEnvironment(Map.of(), Topology.NONE, System.err);
    }

    /** The Debian guest with PACKAGES, TCG, cold boots, the test's own state directory. */
    private QemuOptions debian(GuestSettings guest) {
        QemuOptions defaults = options();
        return QemuOptions.fromEnvironment(
                        Map.of("KVM_QEMU_PACKAGES", String.join(" ", PACKAGES)), Topology.NONE, System.err)
                .withAccel(QemuOptions.Accel.TCG)
                .withReset(QemuOptions.Reset.BOOT)
                .withDirectories(defaults.cacheDirectory(), temp.resolve("state"))
                .withGuest(guest);
    }

    private static GuestSettings guest(Optional<Path> testing, Optional<Path> source, Optional<String> script) {
        return new GuestSettings(true, PACKAGES, testing, "/testing", source, script);
    }

    @Test
    void theImageIsCachedAndKeyedByItsPackages() throws Exception {
        QemuOptions options = options();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DebianImageBuilder builder =
                new DebianImageBuilder(options.cacheDirectory(), new PrintStream(log, true, StandardCharsets.UTF_8));
        GuestImage image = builder.image(PACKAGES, options.password());
        Path complete = image.disk().resolveSibling("complete");
        var built = Files.getLastModifiedTime(complete);
        GuestImage again = builder.image(PACKAGES, options.password());
        assertThat(again).isEqualTo(image);
        assertThat(Files.getLastModifiedTime(complete)).isEqualTo(built);
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("building");
        assertThat(image.kind()).isEqualTo(GuestImage.Kind.DEBIAN);
        assertThat(image.disk()).isRegularFile();
        assertThat(Files.readString(complete))
                .contains("libreswan")
                .contains("linux-image-amd64")
                .contains("kernel linux-image-");
        // another package list or password is another image; the order of the list is not
        assertThat(builder.id(List.of("libreswan"), options.password())).isNotEqualTo(image.id());
        assertThat(builder.id(PACKAGES, "other")).isNotEqualTo(image.id());
        assertThat(builder.id(List.of("netcat-openbsd", "iputils-ping", "libreswan"), options.password()))
                .isEqualTo(image.id());
    }

    @Test
    void testingIsMountedReadWriteInTwoGuestsAtOnce() throws Exception {
        Path testing = Files.createDirectories(temp.resolve("testing"));
        Files.writeString(testing.resolve("from-host"), "host\n");
        String runId = "qt-" + ProcessHandle.current().pid() + "-9p";
        try (QemuBackend backend = new QemuBackend(
                        debian(guest(Optional.of(testing), Optional.empty(), Optional.empty())), runId);
                QemuDomain east = (QemuDomain) backend.domain(new DomainName("", "east"), temp.resolve("east"));
                QemuDomain west = (QemuDomain) backend.domain(new DomainName("", "west"), temp.resolve("west"));
                Console eastConsole = new Console("east", east.boot(TIMEOUT));
                Console westConsole = new Console("west", west.boot(TIMEOUT))) {
            for (var pair : List.of(Map.entry(east, eastConsole), Map.entry(west, westConsole))) {
                pair.getValue().login(pair.getKey().credentials().orElseThrow(), TIMEOUT);
                pair.getValue().sync(pair.getKey().name().host(), TIMEOUT);
                pair.getKey().afterLogin(pair.getValue(), TIMEOUT);
            }
            // both guests run at once, each sees the host's file and writes its own
            assertThat(eastConsole
                            .execute("cat /testing/from-host", TIMEOUT)
                            .output()
                            .strip())
                    .isEqualTo("host");
            assertThat(eastConsole.run("hostname > /testing/from-east", TIMEOUT))
                    .isZero();
            assertThat(westConsole.run("hostname > /testing/from-west", TIMEOUT))
                    .isZero();
            assertThat(eastConsole
                            .execute("cat /testing/from-west", TIMEOUT)
                            .output()
                            .strip())
                    .isEqualTo("west");
            assertThat(westConsole
                            .execute("cat /testing/from-east", TIMEOUT)
                            .output()
                            .strip())
                    .isEqualTo("east");
            assertThat(testing.resolve("from-east")).hasContent("east");
            assertThat(testing.resolve("from-west")).hasContent("west");
            // a test directory under the mount is used in place, not copied
            Path test = Files.createDirectories(testing.resolve("pluto/basic-01"));
            assertThat(east.needsCopy(test)).isFalse();
            assertThat(east.pathOf(test)).isEqualTo("/testing/pluto/basic-01");
            assertThat(east.needsCopy(temp.resolve("elsewhere"))).isTrue();
        }
        Await.until(
                "no process of run " + runId,
                Duration.ofSeconds(10),
                () -> ProcessTree.alive(ProcessTree.marked(runId)).isEmpty());
    }

    @Test
    void theInstallStepRunsOnceAndAgainOnlyWhenTheSourceChanged() throws Exception {
        Path source = Files.createDirectories(temp.resolve("source"));
        Files.writeString(source.resolve("version"), "1\n");
        // the script sees /source (its working directory) and writes into the guest's disk
        String script = "cp version /usr/local/share/kvmrunner-installed-version\necho built > build.log\n";
        String runId = "qt-" + ProcessHandle.current().pid() + "-install";
        QemuOptions options = debian(guest(Optional.empty(), Optional.of(source), Optional.of(script)));
        try (QemuBackend backend = new QemuBackend(options, runId)) {
            assertThat(backend.installSoftware())
                    .hasValueSatisfying(m -> assertThat(m).startsWith("install step ran in"));
            assertThat(source.resolve("build.log")).hasContent("built"); // /source is read-write
            assertThat(backend.installSoftware())
                    .hasValueSatisfying(m -> assertThat(m).startsWith("install step skipped"));
            assertThat(installedVersion(backend)).isEqualTo("1");

            Files.writeString(source.resolve("version"), "2\n");
            assertThat(backend.installSoftware())
                    .hasValueSatisfying(m -> assertThat(m).startsWith("install step ran in"));
            assertThat(installedVersion(backend)).isEqualTo("2");
        }
        Await.until(
                "no process of run " + runId,
                Duration.ofSeconds(10),
                () -> ProcessTree.alive(ProcessTree.marked(runId)).isEmpty());
    }

    @Test
    void theIpsecStandInEstablishesAnIpsecSaBetweenTwoGuests() throws Exception {
        // examples/ipsec names the same packages as PACKAGES: it boots the image built above
        Path copy = temp.resolve("ipsec");
        copyTree(Path.of("examples/ipsec").toAbsolutePath(), copy);
        copyTree(Path.of("examples/net/sanitizers").toAbsolutePath(), temp.resolve("net/sanitizers")); // its sanitizers
        String runId = "qt-" + ProcessHandle.current().pid() + "-ipsec";
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = dev.kvmrunner.cli.Main.execute(
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true),
                "run",
                "--accel",
                "tcg",
                "--run-id",
                runId,
                copy.toString());
        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("passed: 1");
        Path output = copy.resolve("ipsec-psk-01/OUTPUT");
        assertThat(Files.readString(output.resolve("west.console.verbose.txt"))).contains("established Child SA");
        // the guests read the test's files from the mounted tree: nothing was copied over the console
        assertThat(Files.readString(output.resolve("west.console.boot.txt"))).doesNotContain("base64");
        Await.until(
                "no process of run " + runId,
                Duration.ofSeconds(10),
                () -> ProcessTree.alive(ProcessTree.marked(runId)).isEmpty());
    }

    /** Copies FROM to TO, without earlier runs' OUTPUT directories, keeping modes (scripts stay executable). */
    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(p -> !p.toString().contains("OUTPUT")).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** What a domain of BACKEND, booted on the installed layer, finds the install step wrote. */
    private String installedVersion(QemuBackend backend) throws Exception {
        Path dir = Files.createTempDirectory(temp, "domain-");
        try (QemuDomain east = (QemuDomain) backend.domain(new DomainName("", "east"), dir.resolve("east"));
                Console console = new Console("east", east.boot(TIMEOUT))) {
            console.login(east.credentials().orElseThrow(), TIMEOUT);
            console.sync("east", TIMEOUT);
            return console.execute("cat /usr/local/share/kvmrunner-installed-version", TIMEOUT)
                    .output()
                    .strip();
        }
    }
}
