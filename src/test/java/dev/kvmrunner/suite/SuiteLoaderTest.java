package dev.kvmrunner.suite;

import static dev.kvmrunner.suite.Files2.touch;
import static dev.kvmrunner.suite.Files2.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.config.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteLoaderTest {

    @TempDir
    Path root;

    Path suite;

    @BeforeEach
    void suite() {
        suite = root.resolve("testing/pluto");
        write(suite, "TESTLIST", "kvmplutotest basic-01 good\nkvmplutotest basic-02 wip 42\n");
        touch(suite.resolve("basic-01"), "eastinit.sh", "westinit.sh", "final.sh");
        touch(suite.resolve("basic-02"), "description.txt", "westinit.sh");
    }

    private LoadedTests load(Path workingDirectory, String... arguments) {
        return new SuiteLoader(workingDirectory).load(List.of(arguments));
    }

    private static List<String> names(LoadedTests loaded) {
        return loaded.tests().stream().map(l -> l.test().name()).toList();
    }

    @Test
    void suiteDirectoryLoadsItsTestlist() {
        LoadedTests loaded = load(root, "testing/pluto");

        assertThat(names(loaded)).containsExactly("basic-01", "basic-02");
        TestCase first = loaded.tests().get(0).test();
        assertThat(first.kind()).isEqualTo("kvmplutotest");
        assertThat(first.status()).isEqualTo("good");
        assertThat(first.pr()).isEmpty();
        assertThat(loaded.tests().get(1).test().pr()).contains("42");
        assertThat(first.directory()).isAbsolute().endsWith(Path.of("testing/pluto/basic-01"));
        assertThat(first.displayDirectory()).isEqualTo("testing/pluto/basic-01");
        assertThat(first.hosts()).containsExactly("east", "west");
        assertThat(loaded.tests()).noneMatch(LoadedTests.Loaded::named);
    }

    @Test
    void testlistFileAndTestingFuzzAndNoArgument() {
        assertThat(names(load(root, "testing/pluto/TESTLIST"))).containsExactly("basic-01", "basic-02");
        assertThat(names(load(root, "testing"))).containsExactly("basic-01", "basic-02");
        assertThat(names(load(root, "testing/"))).containsExactly("basic-01", "basic-02");
        assertThat(names(load(root, "."))).containsExactly("basic-01", "basic-02");
        assertThat(names(load(suite))).containsExactly("basic-01", "basic-02");
    }

    @Test
    void displayDirectoryIsRelativeToTheWorkingDirectoryAndEndsInTheName() {
        assertThat(load(suite).tests().get(0).test().displayDirectory()).isEqualTo("./basic-01");
        assertThat(load(suite.resolve("basic-01"), "..").tests().get(0).test().displayDirectory())
                .isEqualTo("../basic-01");
        assertThat(load(suite.resolve("basic-01"), ".").tests().get(0).test().displayDirectory())
                .isEqualTo("../basic-01");
    }

    @Test
    void testDirectoryIsATestOfItsOwnNamedExplicitly() {
        LoadedTests loaded = load(root, "testing/pluto/basic-02", "testing/pluto/basic-01/");

        assertThat(names(loaded)).containsExactly("basic-02", "basic-01");
        assertThat(loaded.tests()).allMatch(LoadedTests.Loaded::named);
        // as libreswan: a test named by its directory is a good kvmplutotest
        assertThat(loaded.tests().get(0).test().status()).isEqualTo("good");
        assertThat(loaded.tests().get(0).test().kind()).isEqualTo("kvmplutotest");
    }

    @Test
    void aDirectoryWithAHostScriptIsATest() {
        touch(root.resolve("elsewhere/t1"), "99-west-east.sh");

        assertThat(names(load(root, "elsewhere/t1"))).containsExactly("t1");
    }

    @Test
    void anythingElseIsBadInput() {
        touch(root.resolve("empty/notes"), "README");

        assertThatThrownBy(() -> load(root, "empty/notes"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("empty/notes: not a suite, TESTLIST or test directory");
        assertThatThrownBy(() -> load(root, "missing"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("missing: not a suite, TESTLIST or test directory");
    }

    @Test
    void everyTestlistErrorIsInOneExceptionWithFileAndLine() {
        write(suite, "TESTLIST", "kvmplutotest basic-01 good\nkvmplutotest gone good\nbroken line\n");

        assertThatThrownBy(() -> load(root, "testing/pluto"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("testing/pluto/TESTLIST:2: test directory not found: testing/pluto/gone\n"
                        + "testing/pluto/TESTLIST:3: line has too few fields: broken line");
    }

    @Test
    void duplicatesAreWarningsAndTheLaterWinsInTheFirstPlace() {
        write(suite, "TESTLIST", "kvmplutotest basic-01 good\nkvmplutotest basic-02 good\nkvmplutotest basic-01 wip\n");

        LoadedTests loaded = load(root, "testing/pluto");

        assertThat(names(loaded)).containsExactly("basic-01", "basic-02");
        assertThat(loaded.tests().get(0).test().status()).isEqualTo("wip");
        assertThat(loaded.warnings())
                .extracting(Problem::toString)
                .singleElement()
                .asString()
                .startsWith("testing/pluto/TESTLIST:3: test kvmplutotest basic-01 wip is a duplicate");
    }

    @Test
    void symlinkedTestsUseTheirRealDirectory() throws IOException {
        touch(root.resolve("real/linked-test"), "eastinit.sh");
        Files.createSymbolicLink(suite.resolve("alias"), root.resolve("real/linked-test"));
        write(suite, "TESTLIST", "kvmplutotest alias good\n");

        TestCase test = load(root, "testing/pluto").tests().get(0).test();

        assertThat(test.name()).isEqualTo("linked-test");
        assertThat(test.displayDirectory()).isEqualTo("real/linked-test");
        assertThat(test.directory()).isEqualTo(root.toRealPath().resolve("real/linked-test"));
    }

    @Test
    void libreswanMainTreeGivesPlatformGuests() {
        touch(root.resolve("testing/kvm/vm"), "east.xml", "west.xml", "nic.xml");
        touch(root.resolve("testing/kvm/upgrade"), "linux.sh", "netbsd.sh");
        touch(suite.resolve("basic-01"), "01-netbsdwest.sh");

        TestCase test = load(root, "testing/pluto").tests().get(0).test();

        assertThat(test.guests()).extracting(Guest::name).containsExactly("linuxeast", "linuxwest", "netbsdwest");
    }

    @Test
    void libreswan2019TreeUsesLegacyRules() throws IOException {
        touch(root.resolve("testing/libvirt/vm"), "east", "west", "nic", "Makefile", "east.xml");
        Files.createDirectories(root.resolve("testing/libvirt/vm/north"));
        touch(suite.resolve("basic-01"), "beast.sh", "north.sh");

        TestCase test = load(root, "testing/pluto").tests().get(0).test();

        // beast.sh names east by substring; north is not a host (a directory, as kvmhosts.sh skips)
        assertThat(test.steps())
                .extracting(ScriptStep::toString)
                .containsExactly(
                        "east:eastinit.sh", "west:westinit.sh", "east:beast.sh", "east:final.sh", "west:final.sh");
    }

    @Test
    void singleTestTakesItsSuiteConfigFromTheParent() {
        write(suite, "kvmrunner.toml", "hosts = [\"alpha\", \"west\"]\n");
        touch(suite.resolve("basic-01"), "alphainit.sh");

        TestCase test = load(root, "testing/pluto/basic-01").tests().get(0).test();

        assertThat(test.hosts()).containsExactly("alpha", "west");
        assertThat(test.config().hosts()).containsExactly("alpha", "west");
        assertThat(test.pr()).isEqualTo(Optional.empty());
    }
}
