package dev.kvmrunner.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.SuiteConfig;
import dev.kvmrunner.config.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyConfigTest {
    @TempDir
    Path suite;

    private SuiteConfig load(String toml) throws IOException {
        Files.writeString(suite.resolve(SuiteConfig.FILE_NAME), toml);
        return SuiteConfig.load(suite);
    }

    @Test
    void readsNetworksInterfacesRoutesAndForwarding() throws IOException {
        SuiteConfig config = load("""
                hosts = ["west", "nic"]
                [topology.networks.westnet]
                [topology.networks.eastnet]
                [topology.hosts.west]
                interfaces = [{ network = "westnet", address = "192.0.2.1/24" }]
                routes = [{ to = "default", via = "192.0.2.254" }]
                [topology.hosts.nic]
                interfaces = [{ network = "westnet", address = "192.0.2.254/24" }, { network = "eastnet", address = "198.51.100.254/24" }]
                forward = true
                """);
        Topology topology = config.topology();
        assertThat(topology.networks()).containsExactly("eastnet", "westnet");
        assertThat(topology.host("west").orElseThrow().routes())
                .containsExactly(new Topology.Route("default", "192.0.2.254"));
        assertThat(topology.host("nic").orElseThrow().forward()).isTrue();
        assertThat(topology.host("nic").orElseThrow().interfaces())
                .extracting(Topology.Interface::network)
                .containsExactly("westnet", "eastnet");
        assertThat(topology.host("west").orElseThrow().forward()).isFalse();
    }

    @Test
    void noTopologyIsEmpty() throws IOException {
        assertThat(load("hosts = [\"east\"]\n").topology().isEmpty()).isTrue();
    }

    @Test
    void mistakesNameTheFileAndKey() {
        for (List<String> bad : List.of(
                List.of(
                        "[topology.hosts.east]\ninterfaces = [{ network = \"nowhere\", address = \"192.0.2.1/24\" }]\n",
                        "network 'nowhere'"),
                List.of(
                        "[topology.networks.n]\n[topology.hosts.east]\ninterfaces = [{ network = \"n\", address = \"192.0.2.300/24\" }]\n",
                        "address '192.0.2.300/24'"),
                List.of(
                        "[topology.networks.n]\n[topology.hosts.east]\nroutes = [{ to = \"x\", via = \"192.0.2.1\" }]\n",
                        "to 'x'"),
                List.of("[topology.networks.n]\n[topology.hosts.mars]\n", "'mars' is not one of the suite's hosts"),
                List.of("[topology.networks.averyverylongname]\n", "up to 8"))) {
            assertThatThrownBy(() -> load("hosts = [\"east\"]\n" + bad.get(0)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining(suite.resolve(SuiteConfig.FILE_NAME).toString())
                    .hasMessageContaining(bad.get(1));
        }
    }
}
