package dev.kvmrunner.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DoctorTest {
    private static String report(Doctor doctor, Set<String> backends, Set<String> broken) {
        StringWriter text = new StringWriter();
        broken.addAll(Doctor.report(doctor.examine(Prerequisites.ALL, backends), new PrintWriter(text)));
        return text.toString();
    }

    @Test
    void everythingPresentMeansReady() {
        Doctor doctor = new Doctor(program -> true, true, path -> true);
        Set<String> broken = new java.util.HashSet<>();
        String text = report(doctor, Set.copyOf(Prerequisites.BACKENDS), broken);
        assertThat(broken).isEmpty();
        assertThat(text).contains("ready: process, netns, qemu, libvirt").doesNotContain("MISSING").doesNotContain("to install");
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
                .contains("to install what is missing:\n  run kvmrunner as root, e.g. sudo ./kvmrunner ...\n  apt-get install iproute2\n  apt-get install nftables\n")
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
    void theTableCoversEveryBackendAndEveryEntryHasAFix() {
        assertThat(Prerequisites.ALL).extracting(Prerequisite::backend).containsOnlyElementsOf(Prerequisites.BACKENDS)
                .containsAll(Prerequisites.BACKENDS);
        assertThat(Prerequisites.ALL).allSatisfy(p -> assertThat(p.fix()).isNotBlank());
        assertThat(Prerequisites.ALL).filteredOn(p -> p.backend().equals("netns")).extracting(Prerequisite::name)
                .contains("root", "ip (iproute2)", "unshare (util-linux)", "nsenter (util-linux)");
        assertThat(List.of("qemu", "libvirt")).allSatisfy(b ->
                assertThat(Prerequisites.ALL).anyMatch(p -> p.backend().equals(b) && p.required()));
    }

    @Test
    void findsProgramsOnPathAndInSbin() {
        Doctor doctor = Doctor.ofThisMachine(java.util.Map.of("PATH", "/nonexistent"), true);
        assertThat(doctor.present(new Prerequisite.Program("sh"))).isFalse();
        assertThat(doctor.present(new Prerequisite.Root())).isTrue();
        assertThat(Doctor.ofThisMachine(java.util.Map.of("PATH", "/usr/bin:/bin"), false)
                .present(new Prerequisite.Program("sh"))).isTrue();
    }
}
