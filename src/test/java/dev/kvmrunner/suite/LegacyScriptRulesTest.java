package dev.kvmrunner.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegacyScriptRulesTest {

    private static final HostCatalog LEGACY = HostCatalog.legacy("libvirt/vm", HostCatalog.DEFAULT_HOSTS);
    private static final HostCatalog MODERN = HostCatalog.of("default", HostCatalog.DEFAULT_HOSTS);

    private static List<String> steps(HostCatalog catalog, String... files) {
        return catalog.rules().layout(Path.of("t"), List.of(files)).steps().stream()
                .map(ScriptStep::toString)
                .toList();
    }

    @Test
    void sameOrderAsModernForUsualNames() {
        String[] files = {"westrun.sh", "final.sh", "westinit.sh", "eastinit.sh", "nicinit.sh", "99-west-east.sh"};
        List<String> expected = List.of(
                "nic:nicinit.sh",
                "east:eastinit.sh",
                "west:westinit.sh",
                "west:westrun.sh",
                "west:99-west-east.sh",
                "east:99-west-east.sh",
                "east:final.sh",
                "nic:final.sh",
                "west:final.sh");

        assertThat(steps(LEGACY, files)).isEqualTo(expected);
        assertThat(steps(MODERN, files)).isEqualTo(expected);
    }

    @Test
    void aHostIsAnySubstring() {
        assertThat(steps(LEGACY, "beast.sh", "final.sh")).containsExactly("east:beast.sh", "east:final.sh");
        assertThat(steps(MODERN, "beast.sh", "final.sh")).isEmpty();
    }

    @Test
    void finalRunsOnEveryHostAnyScriptNames() {
        // "eastinit-west.sh" is not an init script but names both hosts
        assertThat(steps(LEGACY, "westinit.sh", "eastinit-west.sh", "final.sh"))
                .containsExactly(
                        "west:westinit.sh",
                        "east:eastinit-west.sh",
                        "west:eastinit-west.sh",
                        "east:final.sh",
                        "west:final.sh");
    }

    @Test
    void onlyScriptsStartingWithLowerCaseLetterOrDigitCount() {
        assertThat(steps(LEGACY, "Xeast.sh", "_west.sh", "9east.sh")).containsExactly("east:9east.sh");
        assertThat(steps(MODERN, "Xeast.sh", "_west.sh", "9east.sh")).isEmpty();
    }

    @Test
    void noAllScripts() {
        assertThat(steps(LEGACY, "all.east-west.sh")).containsExactly("east:all.east-west.sh", "west:all.east-west.sh");
    }

    @Test
    void scriptsNamingNoHostAreNotRun() {
        assertThat(steps(LEGACY, "setup.sh", "final.sh")).isEmpty();
    }
}
