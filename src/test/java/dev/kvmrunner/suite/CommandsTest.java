package dev.kvmrunner.suite;

import static dev.kvmrunner.suite.Files2.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.config.BadInputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {

    private static final HostCatalog HOSTS = HostCatalog.of("test", HostCatalog.DEFAULT_HOSTS);

    @TempDir
    Path dir;

    private List<String> commands() {
        return new TestScripts(dir, HOSTS.rules())
                .commands().stream().map(Command::toString).toList();
    }

    @Test
    void oneCommandPerNonBlankStrippedLineInScriptOrder() {
        write(dir, "westinit.sh", "ipsec start\n\n   \n  ipsec auto --add x  \r\n");
        write(dir, "eastinit.sh", "/testing/guestbin/swan-prep\n# a shell comment is sent too\n");
        write(dir, "final.sh", "ipsec stop");

        assertThat(commands())
                .containsExactly(
                        "eastinit.sh:1: east# /testing/guestbin/swan-prep",
                        "eastinit.sh:2: east# # a shell comment is sent too",
                        "westinit.sh:1: west# ipsec start",
                        "westinit.sh:4: west# ipsec auto --add x",
                        "final.sh:1: east# ipsec stop",
                        "final.sh:1: west# ipsec stop");
    }

    @Test
    void commandsKnowTheirHost() {
        write(dir, "99-west-east.sh", "true\n");

        List<Command> commands = new TestScripts(dir, HOSTS.rules()).commands();

        assertThat(commands).extracting(Command::host).containsExactly("west", "east");
        assertThat(commands).extracting(Command::lineNumber).containsExactly(1, 1);
    }

    @Test
    void allScriptLinesNameTheirHostFinalMeansEveryHostAndCommentsHaveNone() {
        write(
                dir,
                "all.east-west.sh",
                String.join(
                        "\n",
                        "# set up east",
                        "#",
                        "",
                        "east# ipsec start",
                        "west#ipsec start",
                        "not a command",
                        "final# ipsec stop  ",
                        ""));

        List<Command> commands = new TestScripts(dir, HOSTS.rules()).commands();

        assertThat(commands.stream().map(Command::toString))
                .containsExactly(
                        "all.east-west.sh:1: # set up east",
                        "all.east-west.sh:2: # ",
                        "all.east-west.sh:4: east# ipsec start",
                        "all.east-west.sh:5: west# ipsec start",
                        "all.east-west.sh:7: east# ipsec stop  ",
                        "all.east-west.sh:7: west# ipsec stop  ");
        assertThat(commands.get(0).guest()).isNull();
    }

    @Test
    void allScriptLineForAHostNotInTheFileNameIsAnErrorAtTheLine() {
        write(dir, "all.east-west.sh", "east# true\nroad# true\n");

        assertThatThrownBy(this::commands)
                .isInstanceOf(BadInputException.class)
                .hasMessage(dir.resolve("all.east-west.sh") + ":2: host 'road' is not named by the script's file name");
    }

    @Test
    void layoutDoesNotReadScripts() {
        write(dir, "eastinit.sh", "true\n");
        TestScripts scripts = new TestScripts(dir, HOSTS.rules());

        assertThat(scripts.layout().guests()).extracting(Guest::name).containsExactly("east");
        // a script removed after the layout is only missed when commands are asked for
        dir.resolve("eastinit.sh").toFile().delete();
        assertThatThrownBy(scripts::commands).isInstanceOf(java.io.UncheckedIOException.class);
    }

    @Test
    void aDirectoryNamedLikeAScriptIsNotAScript() {
        write(dir, "east.sh/x", "");
        write(dir, "westinit.sh", "true\n");

        assertThat(commands()).containsExactly("westinit.sh:1: west# true");
    }
}
