package dev.kvmrunner.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.testing.RequiresTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A constructed libreswan testing/ tree; runs real bash, sed, gawk and perl. */
class LibreswanFixupSourceTest {

    @TempDir
    Path testing;

    LibreswanFixupSource source;

    @BeforeEach
    void buildTestingTree() throws IOException {
        write("default-testparams.sh", "#!/bin/sh\nREF_CONSOLE_FIXUPS=\"nocr.sed number.awk\"\n");
        write("sanitizers/nocr.sed", "s/\\r$//\n");
        write("sanitizers/number.awk", "{ print NR \": \" $0 }\n");
        write("sanitizers/shout.pl", "while (<STDIN>) { print uc; }\n");
        write("sanitizers/strongswan.sed", "s/charon/CHARON/\n");
        write(
                "pluto/t1/testparams.sh",
                String.join(
                        "\n",
                        "#!/bin/sh",
                        ". ../../default-testparams.sh",
                        "REF_CONSOLE_FIXUPS=\"$REF_CONSOLE_FIXUPS shout.pl\"",
                        "EAST_CONSOLE_FIXUPS=\"$REF_CONSOLE_FIXUPS strongswan.sed\"",
                        "echo this output is ignored",
                        ""));
        Files.createDirectories(testing.resolve("pluto/t2")); // no testparams.sh: the defaults
        source = new LibreswanFixupSource(testing, Duration.ofSeconds(30));
    }

    private void write(String name, String text) throws IOException {
        Path file = testing.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private List<String> fixups(String test, String host) throws InterruptedException {
        Sanitizer sanitizer = source.sanitizerFor(test, testing.resolve("pluto").resolve(test), host);
        assertThat(sanitizer.appendNewline()).isTrue();
        return sanitizer.scripts().stream()
                .map(s -> s.file().getFileName() + "/" + s.tool())
                .collect(Collectors.toList());
    }

    @Test
    void testparamsExtendsDefaultsAndHostVariableOverrides() throws Exception {
        assertThat(fixups("t1", "west")).containsExactly("nocr.sed/SED", "number.awk/AWK", "shout.pl/PERL");
        assertThat(fixups("t1", "east"))
                .containsExactly("nocr.sed/SED", "number.awk/AWK", "shout.pl/PERL", "strongswan.sed/SED");
        assertThat(fixups("t2", "east")).containsExactly("nocr.sed/SED", "number.awk/AWK");
        assertThat(source.sanitizerFor("t1", testing.resolve("pluto/t1"), "east")
                        .scripts()
                        .get(0)
                        .file())
                .isEqualTo(
                        testing.resolve("sanitizers/nocr.sed").toAbsolutePath().normalize());
    }

    @Test
    void emptyHostVariableFallsBackToReference() throws Exception {
        write("pluto/t3/testparams.sh", ". ../../default-testparams.sh\nWEST_CONSOLE_FIXUPS=\n");
        assertThat(fixups("t3", "west")).containsExactly("nocr.sed/SED", "number.awk/AWK");
    }

    @Test
    void evaluatedOncePerTestDirectory() throws Exception {
        assertThat(fixups("t1", "west")).hasSize(3);
        write("pluto/t1/testparams.sh", "REF_CONSOLE_FIXUPS=nocr.sed\n");
        assertThat(fixups("t1", "west")).hasSize(3);
        assertThat(fixups("t1", "east")).hasSize(4);
        assertThat(new LibreswanFixupSource(testing)
                        .sanitizerFor("t1", testing.resolve("pluto/t1"), "west")
                        .scripts())
                .hasSize(1);
    }

    @RequiresTools({"gawk", "perl"})
    @Test
    void sanitizesLikeSanitizerShWithTrailingNewline() throws Exception {
        Path output = testing.resolve("pluto/t1/OUTPUT");
        Files.createDirectories(output);
        Path transcript = output.resolve("east.console.verbose.txt");
        Files.writeString(transcript, "charon started\r\nok\r\n");
        String sanitized = source.sanitizerFor("t1", testing.resolve("pluto/t1"), "east")
                .run(transcript, "t1", Duration.ofSeconds(30));
        assertThat(sanitized).isEqualTo("1: CHARON STARTED\n2: OK\n\n");
    }

    @Test
    void missingFixupIsBadInputNamingTheFile() {
        assertThatThrownBy(() -> {
                    write("pluto/t4/testparams.sh", "REF_CONSOLE_FIXUPS=\"nocr.sed missing.sed\"\n");
                    fixups("t4", "east");
                })
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(testing.resolve("sanitizers/missing.sed").toString())
                .hasMessageContaining("REF_CONSOLE_FIXUPS");
    }

    @Test
    void emptyFixupsOrFailingTestparamsIsBadInput() throws Exception {
        write("pluto/t5/testparams.sh", "REF_CONSOLE_FIXUPS=\n");
        assertThatThrownBy(() -> fixups("t5", "east"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("$REF_CONSOLE_FIXUPS empty")
                .hasMessageContaining("t5/testparams.sh");
        write("pluto/t6/testparams.sh", ". ../../no-such-testparams.sh\n");
        assertThatThrownBy(() -> fixups("t6", "east"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("t6/testparams.sh: sourcing failed")
                .hasMessageContaining("no-such-testparams.sh");
    }

    @Test
    void namesAreArgumentsNeverShellText() throws Exception {
        String evil = "t7 $(touch pwned) `touch pwned2`";
        write("pluto/" + evil + "/testparams.sh", ". ../../default-testparams.sh\n");
        assertThat(fixups(evil, "east; touch pwned3")).containsExactly("nocr.sed/SED", "number.awk/AWK");
        try (var files = Files.walk(testing)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("pwned"));
        }
        assertThat(Files.exists(Path.of("pwned"))).isFalse();
    }

    /**
     * Announced tests are evaluated many in one bash (a subshell each: $$ is the batch's bash)
     * and get the same fixups and the same errors as tests evaluated alone: a failing test,
     * one that writes to stderr, one that exits, and one named with shell syntax among them.
     */
    @Test
    void announcedTestsAreEvaluatedTogetherWithTheSameResults() throws Exception {
        int tests = LibreswanFixupSource.BATCH + 8;
        Path pids = testing.resolve("pids");
        for (int i = 0; i < tests; i++) {
            String extra = switch (i == tests - 3 ? 5 : i % 10 == 5 ? 0 : i % 10) {
                case 3 -> "false\n";
                case 5 -> "echo careful >&2\n";
                case 7 -> "exit 0\n";
                case 8 -> "REF_CONSOLE_FIXUPS=\"nocr.sed strongswan.sed\"\nWEST_CONSOLE_FIXUPS=shout.pl\n";
                default -> "";
            };
            if (i % 10 != 9) {
                write(
                        "pluto/" + name(i) + "/testparams.sh",
                        ". ../../default-testparams.sh\necho $$ >> " + pids + "\n" + extra);
            } else {
                Files.createDirectories(testing.resolve("pluto").resolve(name(i)));
            }
        }
        LibreswanFixupSource alone = new LibreswanFixupSource(testing, Duration.ofSeconds(30));
        LibreswanFixupSource together = new LibreswanFixupSource(testing, Duration.ofSeconds(30));
        for (int i = 0; i < tests; i++) {
            together.expect(testing.resolve("pluto").resolve(name(i)));
        }
        List<String> expected = outcomes(alone, tests);
        Files.deleteIfExists(pids);
        assertThat(outcomes(together, tests)).isEqualTo(expected);
        assertThat(expected.get(8)).isEqualTo("nocr.sed strongswan.sed / shout.pl");
        assertThat(expected.get(3)).contains("sourcing failed (bash exit status 1)");
        assertThat(expected.get(tests - 3)).contains("sourcing failed").contains("careful");
        assertThat(expected.get(7)).contains("$REF_CONSOLE_FIXUPS empty");
        // one bash for the first batch; the second wrote to stderr and was evaluated again
        // test by test, as were the tests that failed
        assertThat(Files.readAllLines(pids).stream().distinct().count()).isLessThan(tests / 2);
    }

    private static String name(int i) {
        return i == 1 ? "t $(touch pwned) `touch pwned2`" : "b" + i;
    }

    private List<String> outcomes(LibreswanFixupSource from, int tests) throws InterruptedException {
        List<String> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < tests; i++) {
            Path directory = testing.resolve("pluto").resolve(name(i));
            try {
                outcomes.add(names(from.sanitizerFor(name(i), directory, "east")) + " / "
                        + names(from.sanitizerFor(name(i), directory, "west")));
            } catch (BadInputException e) {
                outcomes.add(e.getMessage());
            }
        }
        return outcomes;
    }

    private static String names(Sanitizer sanitizer) {
        return sanitizer.scripts().stream()
                .map(s -> s.file().getFileName().toString())
                .collect(Collectors.joining(" "));
    }

    @Test
    void hostVariableIsAsciiUpperCase() {
        assertThat(LibreswanFixupSource.hostVariable("nic")).isEqualTo("NIC_CONSOLE_FIXUPS");
        assertThat(LibreswanFixupSource.hostVariable("road2")).isEqualTo("ROAD2_CONSOLE_FIXUPS");
    }
}
