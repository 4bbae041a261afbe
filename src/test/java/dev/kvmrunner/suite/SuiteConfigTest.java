package dev.kvmrunner.suite;

import static dev.kvmrunner.suite.Files2.touch;
import static dev.kvmrunner.suite.Files2.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.SuiteConfig;
import dev.kvmrunner.timeouts.Timeouts;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteConfigTest {

    @TempDir
    Path root;

    Path suite;

    @BeforeEach
    void suite() {
        suite = root.resolve("pluto");
    }

    private SuiteConfig load(String toml) {
        write(suite, SuiteConfig.FILE_NAME, toml);
        return SuiteConfig.load(suite);
    }

    @Test
    void missingFileMeansDefaults() {
        SuiteConfig config = SuiteConfig.load(root);

        assertThat(config.directory()).isEqualTo(root.toAbsolutePath());
        assertThat(config.hosts()).isEmpty();
        assertThat(config.backend())
                .as("the default backend is chosen by the domain layer")
                .isEmpty();
        assertThat(config.sanitizers()).isEmpty();
        assertThat(config.timeouts())
                .isEqualTo(Timeouts.of(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(10)));
    }

    @Test
    void readsEveryField() {
        touch(suite.resolve("sanitizers"), "a.sed", "b.awk", "c.pl");

        SuiteConfig config = load("""
                hosts = ["east", "west", "nic"]
                backend = "netns"
                sanitizers = ["sanitizers/b.awk", "sanitizers/a.sed", "sanitizers/c.pl"]
                [timeouts]
                command = 30
                boot = 1.5
                """);

        assertThat(config.hosts()).containsExactly("east", "west", "nic");
        assertThat(config.backend()).contains("netns");
        assertThat(config.sanitizers())
                .containsExactly(
                        suite.resolve("sanitizers/b.awk"),
                        suite.resolve("sanitizers/a.sed"),
                        suite.resolve("sanitizers/c.pl"));
        assertThat(config.timeouts())
                .isEqualTo(Timeouts.of(Duration.ofMillis(1500), Duration.ofSeconds(30), Duration.ofSeconds(10)));
    }

    @Test
    void unknownKeyIsBadInputNamingFileAndLine() {
        Path file = suite.resolve("kvmrunner.toml");
        assertThatThrownBy(() -> load("backend = \"process\"\nhost = [\"east\"]\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessage(
                        file
                                + ":2: unknown key 'host'; known keys here: backend, hosts, install, sanitizers, timeouts, topology");
        assertThatThrownBy(() -> load("[timeouts]\ncomand = 3\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ":2: unknown key 'timeouts.comand'; known keys here: boot, command, shutdown");
        // a syntax error has a line
        assertThatThrownBy(() -> load("backend = \"process\"\nhosts = [\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ":");
    }

    @Test
    void wrongTypesAreBadInputNamingFileAndLine() {
        Path file = suite.resolve("kvmrunner.toml");
        assertThatThrownBy(() -> load("hosts = \"east\"\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ":1: hosts: expected a list");
        assertThatThrownBy(() -> load("# hosts\n\nhosts = [1]\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ":3: hosts.0: expected a string");
        assertThatThrownBy(() -> load("hosts = [\"east\"]\nbackend = 3\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ":2: backend: expected a string");
        assertThatThrownBy(
                        () -> load("backend = \"process\" # a [comment] = x\n[timeouts]\ncommand = 3\nboot = \"60\"\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ":4: timeouts.boot: expected a number");
        assertThatThrownBy(() -> load("timeouts = 5\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ":1: timeouts");
    }

    @Test
    void badValuesNameFileAndLine() {
        Path file = suite.resolve("kvmrunner.toml");
        assertThatThrownBy(() -> load("hosts = [\"east\"]\n\n[timeouts]\nboot = 5\ncommand = -1\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ":5: timeouts.command: must be a positive number of seconds up to 604800 (a week),"
                        + " not -1");
        assertThatThrownBy(() -> load("hosts = [\"east\"]\n[timeouts]\ncommand = 99999999999999999999\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ":3: timeouts.command: must be a positive number of seconds up to");
        assertThatThrownBy(() -> load("hosts = [\"east\"]\nbackend = \"procss\"\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ":2: backend: unknown backend 'procss'; this build has: process,");
        assertThatThrownBy(() -> load("backend = \"\"\nhosts = [\"east\", \"east\"]\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ":2: hosts: 'east' is listed twice");
        assertThatThrownBy(() -> load("hosts = [\"east\"]\n[topology.networks.lan]\n[topology.hosts.east]\n"
                        + "interfaces = [{ network = \"wan\", address = \"192.0.2.1/24\" }]\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ":4: topology.hosts.east.interfaces: network 'wan'");
    }

    @Test
    void badValuesAreBadInput() {
        assertThatThrownBy(() -> load("hosts = []\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("at least one host");
        assertThatThrownBy(() -> load("hosts = [\"East\"]\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("'East' is not a host name");
        assertThatThrownBy(() -> load("hosts = [\"east\", \"east\"]\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> load("[timeouts]\ncommand = 0\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("timeouts.command");
        assertThatThrownBy(() -> load("sanitizers = [\"x.sh\"]\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a .sed, .awk or .pl script");
        assertThatThrownBy(() -> load("sanitizers = [\"missing.sed\"]\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("'missing.sed' not found");
        assertThatThrownBy(() -> load("hosts = [\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(suite.resolve("kvmrunner.toml").toString());
    }

    @Test
    void configHostsBeatTheLibreswanTree() {
        touch(root.resolve("kvm/vm"), "east.xml");
        SuiteConfig config = load("hosts = [\"alpha\"]\n");

        assertThat(LibreswanTree.catalog(config).hostNames()).containsExactly("alpha");
    }

    @Test
    void withoutConfigOrTreeTheHostsAreLibreswansDefault() {
        assertThat(LibreswanTree.catalog(SuiteConfig.load(root.resolve("pluto")))
                        .hostNames())
                .containsExactlyInAnyOrder("east", "west", "road", "north", "nic");
    }
}
