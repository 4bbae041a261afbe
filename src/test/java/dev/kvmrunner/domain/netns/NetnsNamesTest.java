package dev.kvmrunner.domain.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.Topology;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.timeouts.Timeouts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetnsNamesTest {
    private static Topology oneInterfaceEach(String... hosts) {
        Map<String, Topology.HostNetwork> networks = new java.util.TreeMap<>();
        for (String host : hosts) {
            networks.put(
                    host,
                    new Topology.HostNetwork(List.of(new Topology.Interface("lan", "192.0.2.1/24")), List.of(), false));
        }
        return new Topology(List.of("lan"), networks);
    }

    @Test
    void namespacesAreMarkedAndTellTheirPrefix() {
        assertThat(NetnsNames.group("a.")).isEqualTo("kvmr-a.-net");
        assertThat(NetnsNames.group("")).isEqualTo("kvmr--net");
        assertThat(NetnsNames.domain(new DomainName("a.", "east"))).isEqualTo("kvmr-a.east");
        assertThat(NetnsNames.domain(new DomainName("", "east"))).isEqualTo("kvmr-east");
        for (String prefix : List.of("", "a.", "b.", "east1.", "x-y_z.")) {
            assertThat(NetnsNames.prefixOf(NetnsNames.group(prefix))).contains(prefix);
            assertThat(NetnsNames.prefixOf(NetnsNames.domain(new DomainName(prefix, "nic"))))
                    .contains(prefix);
            // a host called "net" cannot be mistaken for the group
            assertThat(NetnsNames.domain(new DomainName(prefix, "net"))).isNotEqualTo(NetnsNames.group(prefix));
        }
        assertThat(NetnsNames.isGroup("kvmr-a.-net")).isTrue();
        assertThat(NetnsNames.isGroup("kvmr-a.net")).isFalse();
    }

    @Test
    void namespacesOfOthersAreNotOurs() {
        for (String name : List.of(
                "docker",
                "kvmr",
                "kvmr-",
                "kvmr-A.east",
                "kvmr-a.east-1",
                "kvmr-a..east",
                "kvmrx-a.east",
                "kvmr-toolongprefix.east")) {
            assertThat(NetnsNames.prefixOf(name)).as(name).isEqualTo(Optional.empty());
        }
    }

    @Test
    void linkNamesFitFifteenCharactersAndStayUnique() {
        assertThat(NetnsNames.peer("east", 0)).isEqualTo("east-0");
        assertThat(NetnsNames.bridge("westnet")).isEqualTo("br-westnet");
        String longer = NetnsNames.peer("averyveryverylonghostname", 12);
        String other = NetnsNames.peer("averyveryverylonghostnamf", 12);
        assertThat(longer)
                .hasSizeLessThanOrEqualTo(NetnsNames.MAX_LINK_NAME)
                .startsWith("averyver")
                .endsWith("-12");
        assertThat(other).hasSizeLessThanOrEqualTo(NetnsNames.MAX_LINK_NAME).isNotEqualTo(longer);
        NetnsNames.checkLinks(
                List.of("east", "averyveryverylonghostname", "averyveryverylonghostnamf"),
                oneInterfaceEach("east", "averyveryverylonghostname", "averyveryverylonghostnamf"));
    }

    @Test
    void clashingLinkNamesAreRejectedUpFront() {
        // the shortened name of the long host equals the plain name of a 12-letter host
        String shortened = NetnsNames.peer("abcdefghijklmnopq", 0);
        String twelve = shortened.substring(0, shortened.length() - 2);
        assertThatThrownBy(() -> new NetnsBackend(new BackendSettings(
                        "t",
                        List.of(),
                        oneInterfaceEach("abcdefghijklmnopq", twelve),
                        java.nio.file.Path.of("."),
                        java.util.Map.of(),
                        java.util.Optional.empty(),
                        java.util.Map.of(),
                        java.util.Map.of(),
                        java.util.Map.of(),
                        System.err,
                        Timeouts.DEFAULTS)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("would both use the link name '" + shortened + "'");
    }

    @Test
    void badPrefixesAreRejectedBeforeAnythingIsCreated() {
        NetnsBackend backend = new NetnsBackend(BackendSettings.of("t"));
        for (String prefix : List.of("a", "A.", "toolongprefix.", "a/b.", "a b.", "-a.")) {
            assertThatThrownBy(() -> backend.install(prefix))
                    .as(prefix)
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("bad prefix '" + prefix + "'");
            assertThatThrownBy(() -> backend.uninstall(prefix)).as(prefix).isInstanceOf(BadInputException.class);
        }
    }
}
