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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real sed, gawk and perl processes. */
class SanitizerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path suite;

    Path transcript;

    @BeforeEach
    void writeTranscript() throws IOException {
        Files.createDirectories(suite.resolve("sanitizers"));
        transcript = suite.resolve("east.console.verbose.txt");
        Files.writeString(transcript, "12:34:56 pluto pid 1234 started\nbye\n");
        write(
                "sanitizers/timestamps.sed",
                "s/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]/HH:MM:SS/g\ns/pid [0-9][0-9]*/pid PID/g\n");
        write("sanitizers/number.awk", "{ printf \"%d: %s\\n\", NR, $0 }\n");
        write(
                "sanitizers/header.pl",
                "while (<STDIN>) { print \"test $ENV{TESTNAME}\\n\" if $. == 1; s/PID/<pid>/; print; }\n");
    }

    private Path write(String name, String text) throws IOException {
        Path file = suite.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private String sanitize(List<String> scripts) throws Exception {
        return new ScriptListSanitizerSource(suite, scripts)
                .sanitizerFor("basic-01", suite, "east")
                .run(transcript, "basic-01", TIMEOUT);
    }

    @RequiresTools({"gawk", "perl"})
    @Test
    void scriptsRunInOrderAsOnePipelineWithTestname() throws Exception {
        assertThat(sanitize(List.of("sanitizers/timestamps.sed", "sanitizers/number.awk", "sanitizers/header.pl")))
                .isEqualTo("test basic-01\n1: HH:MM:SS pluto pid <pid> started\n2: bye\n");
        // the perl step sees what sed made of the line, so the order is the configured one
        assertThat(sanitize(List.of("sanitizers/header.pl", "sanitizers/timestamps.sed")))
                .isEqualTo("test basic-01\nHH:MM:SS pluto pid PID started\nbye\n");
    }

    @Test
    void noScriptsIsTheTranscriptItself() throws Exception {
        assertThat(sanitize(List.of())).isEqualTo("12:34:56 pluto pid 1234 started\nbye\n");
    }

    @Test
    void libreswanModeAppendsOneNewlineConfigModeDoesNot() throws Exception {
        SanitizerScript sed = SanitizerScript.of(suite.resolve("sanitizers/timestamps.sed"), "sanitizer");
        assertThat(new Sanitizer(List.of(sed), true).run(transcript, "t", TIMEOUT))
                .isEqualTo("HH:MM:SS pluto pid PID started\nbye\n\n");
        assertThat(new Sanitizer(List.of(sed), false).run(transcript, "t", TIMEOUT))
                .isEqualTo("HH:MM:SS pluto pid PID started\nbye\n");
    }

    @RequiresTools({"gawk"})
    @Test
    void aSedNScriptPrintsOnlyWhatItPrintsAndIsNotMergedWithItsNeighbours() throws Exception {
        // libreswan 4.x fixups such as ipsec-auto-up.sed-n run as sed -n -f (its sanitizer.sh)
        write("sanitizers/only-bye.sed-n", "/bye/p\n");
        SanitizerScript sedN = SanitizerScript.of(suite.resolve("sanitizers/only-bye.sed-n"), "fixup");
        assertThat(sedN.command())
                .containsExactly(
                        "sed",
                        "-n",
                        "-f",
                        suite.resolve("sanitizers/only-bye.sed-n").toString());
        assertThat(sanitize(List.of("sanitizers/timestamps.sed", "sanitizers/only-bye.sed-n")))
                .isEqualTo("bye\n");
    }

    @RequiresTools({"gawk"})
    @Test
    void nonZeroExitFails() throws Exception {
        write("sanitizers/fail.awk", "{ print } END { exit 3 }\n");
        assertThatThrownBy(() -> sanitize(List.of("sanitizers/timestamps.sed", "sanitizers/fail.awk")))
                .isInstanceOf(SanitizerException.class)
                .hasMessageContaining("fail.awk exited with status 3");
    }

    @RequiresTools({"perl"})
    @Test
    void anythingOnStderrFailsAndIsInTheMessage() throws Exception {
        write("sanitizers/warn.pl", "print STDERR \"warning: odd input\\n\"; while (<STDIN>) { print; }\n");
        assertThatThrownBy(() -> sanitize(List.of("sanitizers/warn.pl", "sanitizers/timestamps.sed")))
                .isInstanceOf(SanitizerException.class)
                .hasMessageContaining("wrote to stderr")
                .hasMessageContaining("stderr: warning: odd input");
    }

    @Test
    void brokenSedScriptFailsWithSedsComplaint() throws Exception {
        write("sanitizers/broken.sed", "s/unterminated\n");
        assertThatThrownBy(() -> sanitize(List.of("sanitizers/broken.sed")))
                .isInstanceOf(SanitizerException.class)
                .hasMessageContaining("exited with status")
                .hasMessageContaining("sed:");
    }

    @Test
    void missingOrUnknownScriptIsBadInputNamingTheFile() {
        assertThatThrownBy(() -> new ScriptListSanitizerSource(suite, List.of("sanitizers/missing.sed")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(suite.resolve("sanitizers/missing.sed").toString())
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> new ScriptListSanitizerSource(suite, List.of("sanitizers/rules.txt")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("rules.txt")
                .hasMessageContaining("unknown type");
    }

    @RequiresTools({"perl"})
    @Test
    void timeoutKillsThePipeline() throws Exception {
        Path pidFile = suite.resolve("perl.pid");
        write("sanitizers/hang.pl", "open(my $f, '>', '" + pidFile + "'); print $f $$; close($f); sleep 600;\n");
        long start = System.nanoTime();
        assertThatThrownBy(() -> new Sanitizer(
                                List.of(
                                        SanitizerScript.of(suite.resolve("sanitizers/timestamps.sed"), "sanitizer"),
                                        SanitizerScript.of(suite.resolve("sanitizers/hang.pl"), "sanitizer")),
                                false)
                        .run(transcript, "t", Duration.ofMillis(500)))
                .isInstanceOf(SanitizerException.class)
                .hasMessageContaining("timed out after PT0.5S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        if (Files.exists(pidFile)) { // perl got as far as writing its pid: it must be gone now
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Optional<ProcessHandle> perl = ProcessHandle.of(pid);
            if (perl.isPresent()) {
                perl.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
