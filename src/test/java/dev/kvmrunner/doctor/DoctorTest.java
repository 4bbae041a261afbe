package dev.kvmrunner.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.domain.Prerequisite;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DoctorTest {
    private static String report(Doctor doctor, Set<String> backends, Set<String> broken) {
        StringWriter text = new StringWriter();
        broken.addAll(Doctor.report(doctor.examine(Prerequisites.all(), backends), new PrintWriter(text)));
        return text.toString();
    }

    @Test
    void everythingPresentMeansReady() {
        Doctor doctor = new Doctor(program -> true, true, path -> true);
        Set<String> broken = new java.util.HashSet<>();
        String text = report(doctor, Set.of("process", "netns", "qemu"), broken);
        assertThat(broken).isEmpty();
        assertThat(text)
                .contains("ready: process, netns, qemu")
                .doesNotContain("MISSING")
                .doesNotContain("to install");
    }

    @Test
    void missingProgramsAndRootAreNamedWithTheirFix() {
        Doctor doctor = new Doctor(program -> !program.equals("ip") && !program.equals("nft"), false, path -> true);
        Set<String> broken = new java.util.HashSet<>();
        String text = report(doctor, Set.of("process", "netns"), broken);
        assertThat(broken).containsExactly("netns");
        assertThat(text)
                .contains("MISSING              root")
                .contains("fix: run kvmrunner as root")
                .contains("MISSING              ip (iproute2)")
                .contains("missing (optional)   nft (examples/netns)")
                .contains("ready: process; not ready: netns")
                .contains(
                        "to install what is missing:\n  run kvmrunner as root, e.g. sudo ./kvmrunner ...\n  apt-get install iproute2\n  apt-get install nftables\n")
                .doesNotContain("qemu");
    }

    @Test
    void anOptionalPrerequisiteDoesNotMakeABackendUnready() {
        Doctor doctor = new Doctor(program -> true, true, path -> !path.equals("/dev/kvm"));
        Set<String> broken = new java.util.HashSet<>();
        String text = report(doctor, Set.of("qemu"), broken);
        assertThat(broken).isEmpty();
        assertThat(text).contains("missing (optional)   /dev/kvm").contains("ready: qemu");
    }

    @Test
    void aMissingProgramMakesExactlyTheBackendsThatRunItUnready() {
        // what each backend's code runs: the process backend's shells, netns' ip/unshare/nsenter/sysctl,
        // qemu's emulator, switch and image tools; sanitizer and example tools are optional
        Map<String, Set<String>> unreadyWithout = Map.of(
                "bash", Set.of("process", "netns"),
                "ip", Set.of("netns"),
                "unshare", Set.of("netns"),
                "nsenter", Set.of("netns"),
                "sysctl", Set.of("netns"),
                "qemu-system-x86_64", Set.of("qemu"),
                "vde_switch", Set.of("qemu"),
                "cpio", Set.of("qemu"),
                "gawk", Set.of(),
                "ping", Set.of());
        unreadyWithout.forEach((missing, unready) -> {
            Doctor doctor = new Doctor(program -> !program.equals(missing), true, path -> true);
            Set<String> broken = new java.util.HashSet<>();
            String text = report(doctor, Set.of("process", "netns", "qemu"), broken);
            assertThat(broken).as("without " + missing).containsExactlyInAnyOrderElementsOf(unready);
            assertThat(text).as("without " + missing).contains(missing);
        });
    }

    @Test
    void programsAreNamedWithTheDebianPackageThatShipsThem() {
        Map<String, String> packages = Map.of(
                "ip",
                "iproute2",
                "unshare",
                "util-linux",
                "nsenter",
                "util-linux",
                "sysctl",
                "procps",
                "qemu-system-x86_64",
                "qemu-system-x86",
                "vde_switch",
                "vde2",
                "gawk",
                "gawk",
                "ping",
                "iputils-ping",
                "nc",
                "netcat-openbsd",
                "nft",
                "nftables");
        packages.forEach((program, debianPackage) ->
                assertThat(Prerequisites.packageOf(program)).as(program).contains(debianPackage));
        assertThat(Prerequisites.packageOf("no-such-program")).isEmpty();
    }

    @Test
    void everyBackendSaysWhatItNeedsAndEveryEntryHasAFix() {
        assertThat(Prerequisites.all()).allSatisfy(p -> assertThat(p.fix()).isNotBlank());
        assertThat(Prerequisites.all())
                .filteredOn(p -> p.backend().equals("netns"))
                .extracting(Prerequisite::name)
                .contains("root", "ip (iproute2)", "unshare (util-linux)", "nsenter (util-linux)");
        assertThat(Prerequisites.all())
                .filteredOn(p -> p.backend().equals("qemu") && p.required())
                .extracting(Prerequisite::name)
                .contains("qemu-system-x86_64", "vde_switch (guest networks)");
        assertThat(Prerequisites.packageOf("ip")).contains("iproute2");
        assertThat(Prerequisites.packageOf("qemu-system-x86_64")).contains("qemu-system-x86");
        assertThat(Prerequisites.packageOf("no-such-program")).isEmpty();
    }

    @Test
    void findsProgramsOnPathAndInSbin() {
        Doctor doctor = Doctor.ofThisMachine(java.util.Map.of("PATH", "/nonexistent"), true);
        assertThat(doctor.present(new Prerequisite.Program("sh"))).isFalse();
        assertThat(doctor.present(new Prerequisite.Root())).isTrue();
        assertThat(Doctor.ofThisMachine(java.util.Map.of("PATH", "/usr/bin:/bin"), false)
                        .present(new Prerequisite.Program("sh")))
                .isTrue();
    }

    @Test
    void missingPackagesAreNamedOnceInTableOrder() {
        Doctor doctor =
                new Doctor(program -> !Set.of("unshare", "nsenter", "gawk").contains(program), true, path -> true);
        assertThat(Doctor.missingPackages(doctor.examine(Prerequisites.all(), Set.of("process", "netns"))))
                .containsExactly("gawk", "util-linux");
        Doctor noRoot = new Doctor(program -> true, false, path -> !path.equals("/dev/kvm"));
        assertThat(Doctor.missingPackages(noRoot.examine(Prerequisites.all(), Set.of("process", "netns", "qemu"))))
                .as("root and /dev/kvm are no package")
                .isEmpty();
    }

    @Test
    void fixRunsAptGetWithArgumentListsAndStopsAtAFailure() throws Exception {
        List<List<String>> ran = new java.util.ArrayList<>();
        StringWriter text = new StringWriter();
        PackageInstaller installer = new PackageInstaller(
                argv -> {
                    ran.add(argv);
                    return 0;
                },
                true,
                true);
        assertThat(installer.refusal()).isNull();
        assertThat(installer.install(List.of("gawk", "util-linux"), new PrintWriter(text)))
                .isTrue();
        assertThat(ran)
                .containsExactly(
                        List.of("apt-get", "update"),
                        List.of("apt-get", "install", "-y", "--no-install-recommends", "gawk", "util-linux"));
        assertThat(text.toString()).contains("+ apt-get install -y --no-install-recommends gawk util-linux");

        ran.clear();
        PackageInstaller failing = new PackageInstaller(
                argv -> {
                    ran.add(argv);
                    return 100;
                },
                true,
                true);
        assertThat(failing.install(List.of("gawk"), new PrintWriter(text))).isFalse();
        assertThat(ran).containsExactly(List.of("apt-get", "update"));

        ran.clear();
        assertThat(installer.install(List.of(), new PrintWriter(text)))
                .as("nothing missing, nothing run")
                .isTrue();
        assertThat(ran).isEmpty();
    }

    @Test
    void fixRefusesWithoutRootOrApt() {
        assertThat(new PackageInstaller(argv -> 0, false, true).refusal()).contains("as root");
        assertThat(new PackageInstaller(argv -> 0, true, false).refusal()).contains("no apt-get");
    }

    @Test
    void doctorExitsZeroWhenTheDefaultBackendIsReadyAndListsOnlyExistingBackends() {
        StringWriter out = new StringWriter();
        int status = dev.kvmrunner.cli.Main.execute(
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "doctor");
        // the process backend needs bash, looked for here without the doctor's code
        boolean processReady = java.util.Arrays.stream(
                        System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(
                        dir -> !dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, "bash")));
        assertThat(status).as(out.toString()).isEqualTo(processReady ? 0 : 1);
        // exactly the registered backends, each once (a backend that does not exist once made doctor exit 1)
        assertThat(out.toString().lines().filter(l -> l.matches("[a-z]+:")))
                .containsExactly("process:", "libvirt:", "netns:", "qemu:");
        if (!Prerequisite.runsAsRoot()) { // netns is not ready, yet doctor says yes
            // "not ready: libvirt, netns, qemu" on a machine that lacks more
            assertThat(out.toString().lines().filter(l -> l.contains("not ready: ")))
                    .singleElement()
                    .satisfies(l -> assertThat(
                                    l.substring(l.indexOf("not ready: ") + 11).split(", "))
                            .contains("netns"));
            assertThat(dev.kvmrunner.cli.Main.execute(
                            new PrintWriter(new StringWriter(), true),
                            new PrintWriter(new StringWriter(), true),
                            "doctor",
                            "--backend",
                            "netns"))
                    .isEqualTo(1);
        }
    }

    @Test
    void theDebianPackageRecommendsEveryPackageTheDoctorKnows() throws java.io.IOException {
        // src/dist/deb/control is written by hand; a backend that adds a package must add it there too
        String recommends = java.nio.file.Files.readAllLines(java.nio.file.Path.of("src/dist/deb/control")).stream()
                .filter(l -> l.startsWith("Recommends:"))
                .findFirst()
                .orElseThrow();
        List<String> recommended =
                List.of(recommends.substring("Recommends:".length()).strip().split(",\\s*"));
        assertThat(recommended)
                .containsAll(Prerequisites.all().stream()
                        .flatMap(p -> p.debianPackage().stream())
                        .distinct()
                        .toList());
    }
}
