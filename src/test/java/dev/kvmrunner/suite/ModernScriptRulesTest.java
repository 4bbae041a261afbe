package dev.kvmrunner.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.config.BadInputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModernScriptRulesTest {

    private static final Path DIR = Path.of("pluto/t");
    private static final HostCatalog HOSTS = HostCatalog.of("test", HostCatalog.DEFAULT_HOSTS);

    private static ScriptLayout layout(HostCatalog catalog, String... files) {
        return catalog.rules().layout(DIR, List.of(files));
    }

    private static List<String> steps(ScriptLayout layout) {
        return layout.steps().stream().map(ScriptStep::toString).toList();
    }

    @Test
    void initThenRunThenOrderedThenFinal() {
        ScriptLayout layout = layout(
                HOSTS,
                "westrun.sh",
                "final.sh",
                "westinit.sh",
                "99-west-east.sh",
                "eastinit.sh",
                "nicinit.sh",
                "roadinit.sh",
                "10-road.sh",
                "eastrun.sh");

        assertThat(steps(layout))
                .containsExactly(
                        "nic:nicinit.sh",
                        "east:eastinit.sh",
                        "road:roadinit.sh",
                        "west:westinit.sh",
                        "east:eastrun.sh",
                        "west:westrun.sh",
                        "road:10-road.sh",
                        "west:99-west-east.sh",
                        "east:99-west-east.sh",
                        "east:final.sh",
                        "nic:final.sh",
                        "road:final.sh",
                        "west:final.sh");
        assertThat(layout.guests()).extracting(Guest::name).containsExactly("east", "nic", "road", "west");
    }

    @Test
    void hostsAreWholeWordsOnly() {
        ScriptLayout layout = layout(HOSTS, "beast.sh", "eastern.sh", "west_east.sh", "west2.sh", "north.sh");

        // '_' and digits are word characters, as in Python's \b
        assertThat(steps(layout)).containsExactly("north:north.sh");
    }

    @Test
    void aScriptNamingNoHostIsNotRunAndFinalRunsOnlyOnUsedHosts() {
        ScriptLayout layout = layout(HOSTS, "helper.sh", "westinit.sh", "final.sh", "notes.txt");

        assertThat(steps(layout)).containsExactly("west:westinit.sh", "west:final.sh");
    }

    @Test
    void finalAloneRunsNowhere() {
        assertThat(layout(HOSTS, "final.sh").steps()).isEmpty();
        assertThat(layout(HOSTS, "final.sh").guests()).isEmpty();
    }

    @Test
    void hiddenScriptsAreIgnored() {
        assertThat(steps(layout(HOSTS, ".east.sh", "east.sh"))).containsExactly("east:east.sh");
    }

    @Test
    void allScriptIsTheWholeTest() {
        ScriptLayout layout = layout(HOSTS, "all.west-east.sh", "eastinit.sh", "final.sh");

        assertThat(layout.steps()).containsExactly(new ScriptStep(null, "all.west-east.sh"));
        assertThat(layout.guests()).extracting(Guest::name).containsExactly("east", "west");
    }

    @Test
    void moreThanOneAllScriptIsAnError() {
        assertThatThrownBy(() -> layout(HOSTS, "all.east-west.sh", "all.east.sh"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("pluto/t: more than one all.*.sh script: all.east-west.sh all.east.sh");
    }

    @Test
    void hostsComeFromTheCatalog() {
        HostCatalog custom = HostCatalog.of("kvmrunner.toml", List.of("alpha", "beta"));

        assertThat(steps(layout(custom, "betainit.sh", "alphainit.sh", "eastinit.sh", "1-beta-alpha.sh")))
                .containsExactly(
                        "alpha:alphainit.sh", "beta:betainit.sh", "beta:1-beta-alpha.sh", "alpha:1-beta-alpha.sh");
    }

    @Test
    void platformGuestsAreNamedByPlatformAndLinuxByBareHost() {
        HostCatalog main =
                HostCatalog.withPlatforms("kvm/vm", List.of("east", "west", "nic", "road"), List.of("linux", "netbsd"));

        ScriptLayout layout = layout(main, "eastinit.sh", "01-netbsdwest.sh", "02-linuxwest-road.sh", "final.sh");

        assertThat(layout.steps())
                .extracting(s -> s.guest().name() + ":" + s.script())
                .containsExactly(
                        "linuxeast:eastinit.sh",
                        "netbsdwest:01-netbsdwest.sh",
                        "linuxwest:02-linuxwest-road.sh",
                        "linuxroad:02-linuxwest-road.sh",
                        "linuxeast:final.sh",
                        "linuxroad:final.sh",
                        "linuxwest:final.sh",
                        "netbsdwest:final.sh");
        assertThat(layout.guests()).extracting(Guest::host).containsExactly("east", "road", "west", "west");
        // libreswan's guest list has netbsdnic and netbsdroad too (its "not yet" check never fires)
        assertThat(main.guest("netbsdroad")).isEqualTo(new Guest("netbsd", "road"));
    }

    @Test
    void onlyLinuxGuestsHaveHostInitScripts() {
        HostCatalog main = HostCatalog.withPlatforms("kvm/vm", List.of("east"), List.of("linux", "freebsd"));

        assertThat(steps(layout(main, "freebsdeastinit.sh"))).isEmpty();
    }
}
