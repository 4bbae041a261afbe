package dev.kvmrunner.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.testing.RequiresTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A perl script run by the fork server writes the same bytes, errors and exit status as
 * {@code perl FILE}: state between lines and at the end, $0, TESTNAME set or unset, die,
 * exit, a script run twice (no state carried over), and a script with perl switches on its
 * #! line is left to the real perl. Scripts compiled once in the server (most) and those
 * left to {@code do FILE} (file-scoped lexicals, BEGIN, __END__) alike, messages with the
 * file and line included.
 */
class PerlForkServerTest {

    @TempDir
    Path dir;

    private static final String INPUT =
            "[root@east basic-01]# ipsec look\nline two\n<6>klips_debug: x\nlast no newline";

    @RequiresTools({"perl"})
    @Test
    void forkedRunsMatchPerl() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), INPUT);
        List<String> scripts = List.of(
                "#!/usr/bin/perl\n@keep = ();\nwhile (<>) { if (/klips/) { push(@keep, $_); next; } s/east/EAST/; print; }\n"
                        + "print @keep; print \"$0\\n\" =~ s/.*\\///r; print scalar(@keep), \"\\n\";\n",
                "$t = $ENV{'TESTNAME'}; print defined $t ? \"[$t]\" : \"unset\", \"\\n\"; print while <STDIN>;\n",
                "print \"partial\\n\"; die \"broken\\n\";\n",
                "warn \"careful\\n\"; print <>; exit 3;\n",
                "$n++ while <>; print \"$n $.\\n\";\n",
                "print \"status $?\\n\"; while (<STDIN>) { print \"$.: $_\"; }\n",
                "while (<>) { print; }\n\ndie \"no newline\";\n",
                "$x = 1;\nwarn \"at the start\";\nwhile (<>) { &count($_); }\nprint \"$n\\n\";\n"
                        + "sub count { local($line) = @_; $n++ if $line =~ /e/; }\n",
                "my $n = 0;\nsub bump { $n++; }\nwhile (<>) { bump(); }\nprint \"$n\\n\";\n",
                "BEGIN { $b = 1; }\nprint \"$b\\n\"; print <>;\n",
                "print <>;\n__END__\nprint \"not run\\n\";\n");
        for (int i = 0; i < scripts.size(); i++) {
            Path script = Files.writeString(dir.resolve("s" + i + ".pl"), scripts.get(i));
            for (String testName : new String[] {null, "basic-01"}) {
                for (int round = 0; round < 2; round++) {
                    assertThat(forked(script, input, testName))
                            .as(scripts.get(i))
                            .isEqualTo(perl(script, input, testName));
                }
            }
        }
    }

    @Test
    void compiledOnceOnlyWhereThatCannotChangeWhatTheScriptDoes() throws IOException {
        assertThat(
                        PerlForkServer.compiledOnce(
                                Files.writeString(
                                        dir.resolve("a.pl"),
                                        "#!/usr/bin/perl\n$T=$ENV{'TESTNAME'};\nwhile(<>) { &f($_); }\nsub f { local($x)=@_; print $x; }\n")))
                .isTrue();
        for (String text : List.of(
                "my $n;\nprint <>;\n",
                "BEGIN { }\nprint <>;\n",
                "use POSIX;\nprint <>;\n",
                "print <>;\n__END__\n",
                "print <>;\n=pod\n\nx\n",
                "# we use it\nprint <>;\n")) {
            assertThat(PerlForkServer.compiledOnce(Files.writeString(dir.resolve("b.pl"), text)))
                    .as(text)
                    .isFalse();
        }
    }

    @RequiresTools({"perl"})
    @Test
    void aScriptChangedBetweenRunsIsCompiledAgain() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), INPUT);
        Path script = Files.writeString(dir.resolve("changing.pl"), "print \"one\\n\";\n");
        assertThat(forked(script, input, null).get(0)).isEqualTo("one\n");
        Files.writeString(script, "print \"second\\n\";\n");
        Files.setLastModifiedTime(script, java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(forked(script, input, null)).isEqualTo(perl(script, input, null));
        assertThat(forked(script, input, null).get(0)).isEqualTo("second\n");
    }

    @Test
    void switchesOnTheHashBangLineAreLeftToPerl() throws IOException {
        assertThat(PerlForkServer.suitable(Files.writeString(dir.resolve("w.pl"), "#!/usr/bin/perl -w\nprint;\n")))
                .isFalse();
        assertThat(PerlForkServer.suitable(Files.writeString(dir.resolve("p.pl"), "#!/usr/bin/perl\nprint;\n")))
                .isTrue();
    }

    /**
     * At exit every server ends and is waited for: a child the JVM never waits for is not
     * counted in its children's CPU time (what {@code time} and the judging benchmark read).
     */
    @RequiresTools({"perl"})
    @Test
    void shutdownEndsAndReapsEveryServer() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), INPUT);
        Path script = Files.writeString(dir.resolve("cat.pl"), "print <>;\n");
        assertThat(forked(script, input, null).get(0)).isEqualTo(INPUT);
        assertThat(perlChildren()).isNotEmpty();

        PerlForkServer.shutdownAll();

        // a zombie (exited, not waited for) is still a child: none is left
        assertThat(perlChildren()).isEmpty();
    }

    private static List<ProcessHandle> perlChildren() {
        return ProcessHandle.current()
                .children()
                .filter(child -> child.info().command().orElse("").endsWith("perl")
                        || child.info()
                                .arguments()
                                .map(a -> a.length > 0 && a[0].equals("-e"))
                                .orElse(false))
                .toList();
    }

    private List<String> forked(Path script, Path input, String testName) throws Exception {
        Path out = dir.resolve("fork.out");
        Path err = dir.resolve("fork.err");
        int status = PerlForkServer.run(script, input, out, err, testName, Duration.ofSeconds(30));
        return List.of(Files.readString(out), Files.readString(err), status == 0 ? "0" : "failed");
    }

    private List<String> perl(Path script, Path input, String testName) throws Exception {
        Path out = dir.resolve("perl.out");
        Path err = dir.resolve("perl.err");
        ProcessBuilder builder = new ProcessBuilder(
                new ArrayList<>(List.of("perl", script.toAbsolutePath().toString())));
        builder.environment().remove("TESTNAME");
        if (testName != null) {
            builder.environment().put("TESTNAME", testName);
        }
        builder.redirectInput(input.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        int status = builder.start().waitFor();
        return List.of(Files.readString(out), Files.readString(err), status == 0 ? "0" : "failed");
    }
}
