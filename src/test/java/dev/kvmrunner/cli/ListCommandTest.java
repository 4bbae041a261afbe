package dev.kvmrunner.cli;

import static dev.kvmrunner.suite.Files2.touch;
import static dev.kvmrunner.suite.Files2.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {

    @TempDir
    Path root;

    Path suite;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void suite() {
        suite = root.resolve("suite");
        write(
                suite,
                "TESTLIST",
                String.join(
                        "\n",
                        "# kind name status [PR]",
                        "kvmplutotest basic-01 good",
                        "kvmplutotest ordered-02 good 1234 # comment",
                        "kvmplutotest wip-03 wip",
                        "kvmplutotest all-04 good",
                        ""));
        write(suite, "basic-01/eastinit.sh", "ipsec start\n");
        write(suite, "basic-01/westinit.sh", "ipsec start\n\nipsec auto --up x\n");
        write(suite, "basic-01/final.sh", "ipsec stop\n");
        touch(suite.resolve("ordered-02"), "nicinit.sh", "99-west-east.sh", "helper.sh", "beast.sh");
        touch(suite.resolve("wip-03"), "roadrun.sh");
        write(suite, "all-04/all.east-west.sh", "# comment\neast# a\nfinal# b\n");
    }

    private int list(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "list";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.execute(new PrintWriter(out), new PrintWriter(err), all);
    }

    @Test
    void printsLibreswanFieldsJoinedBySpaces() {
        int exit = list("--print", "test-name,test-kind,test-status,test-host-names,test-scripts", suite.toString());

        assertThat(exit).isZero();
        assertThat(out.toString())
                .isEqualTo(String.join(
                        "\n",
                        "basic-01 kvmplutotest good east,west east:eastinit.sh,west:westinit.sh,east:final.sh,west:final.sh",
                        "ordered-02 kvmplutotest good east,nic,west nic:nicinit.sh,west:99-west-east.sh,east:99-west-east.sh",
                        "all-04 kvmplutotest good east,west all.east-west.sh",
                        ""));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void emptyValuesAreLeftOutWithTheirSeparator() {
        touch(suite.resolve("empty-05"), "description.txt");
        write(suite, "TESTLIST", "kvmplutotest empty-05 good\n");

        list("--print", "test-name,test-host-names,test-scripts,test-status", suite.toString());

        assertThat(out.toString()).isEqualTo("empty-05 good\n");
    }

    @Test
    void defaultIsThePathRelativeToTheWorkingDirectory() throws IOException {
        list(suite.resolve("TESTLIST").toString());

        Path cwd = Path.of("").toAbsolutePath().toRealPath();
        String relative = cwd.relativize(suite.toRealPath()).toString();
        assertThat(out.toString())
                .isEqualTo(relative + "/basic-01\n" + relative + "/ordered-02\n" + relative + "/all-04\n");
    }

    @Test
    void testCommandsIsOneLinePerCommand() {
        list("--print", "test-name,test-commands", "--test-name", "^(basic|all)", suite.toString());

        assertThat(out.toString())
                .isEqualTo(String.join(
                        "\n",
                        "basic-01 eastinit.sh:1: east# ipsec start",
                        "westinit.sh:1: west# ipsec start",
                        "westinit.sh:3: west# ipsec auto --up x",
                        "final.sh:1: east# ipsec stop",
                        "final.sh:1: west# ipsec stop",
                        "all-04 all.east-west.sh:1: # comment",
                        "all.east-west.sh:2: east# a",
                        "all.east-west.sh:3: east# b",
                        "all.east-west.sh:3: west# b",
                        ""));
    }

    @Test
    void filtersAndGuestNames() {
        list("--print", "test-name,test-guest-names,output-directory", "--test-status", "wip", suite.toString());

        assertThat(out.toString()).endsWith("/suite/wip-03/OUTPUT\n").startsWith("wip-03 road ");
    }

    @Test
    void jsonIsOneObjectPerLineWithUnderscoreKeys() {
        list(
                "--json",
                "--print",
                "test-name,test-host-names,test-scripts,test-commands",
                "--test-name",
                "basic",
                suite.toString());

        assertThat(out.toString())
                .isEqualTo(
                        "{\"test_name\":\"basic-01\",\"test_host_names\":[\"east\",\"west\"],"
                                + "\"test_scripts\":[{\"host\":\"east\",\"script\":\"eastinit.sh\"},{\"host\":\"west\",\"script\":\"westinit.sh\"},"
                                + "{\"host\":\"east\",\"script\":\"final.sh\"},{\"host\":\"west\",\"script\":\"final.sh\"}],"
                                + "\"test_commands\":[\"eastinit.sh:1: east# ipsec start\",\"westinit.sh:1: west# ipsec start\","
                                + "\"westinit.sh:3: west# ipsec auto --up x\",\"final.sh:1: east# ipsec stop\",\"final.sh:1: west# ipsec stop\"]}\n");
    }

    @Test
    void unknownFieldExitsTwoNamingItAndTheValidOnes() {
        int exit = list("--print", "test-name,result", suite.toString());

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .startsWith("kvmrunner: --print: unknown field 'result'; valid fields: test-name,")
                .contains("test-commands");
    }

    @Test
    void duplicatesAreWarnedOnStderr() {
        write(suite, "TESTLIST", "kvmplutotest basic-01 good\nkvmplutotest basic-01 good\n");

        int exit = list("--print", "test-name", suite.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).isEqualTo("basic-01\n");
        assertThat(err.toString())
                .startsWith("kvmrunner: warning: ")
                .contains("TESTLIST:2: test kvmplutotest basic-01 good is a duplicate");
    }

    @Test
    void anUnknownStatusIsWarnedOnStderrWithFileAndLine() {
        write(suite, "TESTLIST", "kvmplutotest basic-01 good\nkvmplutotest ordered-02 wpi\n");

        int exit = list("--print", "test-name", "--test-status", ".", suite.toString());

        assertThat(exit).isZero();
        assertThat(err.toString())
                .startsWith("kvmrunner: warning: ")
                .contains("TESTLIST:2: test ordered-02: unknown status 'wpi' (known: good, wip, skiptest, skip)");
    }

    @Test
    void testlistErrorsExitTwo() {
        write(suite, "TESTLIST", "kvmplutotest missing good\n");

        assertThat(list(suite.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("TESTLIST:1: test directory not found: ");
    }

    @Test
    void badRegexExitsTwo() {
        assertThat(list("--test-kind", "[", suite.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).startsWith("kvmrunner: --test-kind: bad regular expression '['");
    }
}
