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
 * #! line is left to the real perl.
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
                "print \"status $?\\n\"; while (<STDIN>) { print \"$.: $_\"; }\n");
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
    void switchesOnTheHashBangLineAreLeftToPerl() throws IOException {
        assertThat(PerlForkServer.suitable(Files.writeString(dir.resolve("w.pl"), "#!/usr/bin/perl -w\nprint;\n")))
                .isFalse();
        assertThat(PerlForkServer.suitable(Files.writeString(dir.resolve("p.pl"), "#!/usr/bin/perl\nprint;\n")))
                .isTrue();
    }

    private List<String> forked(Path script, Path input, String testName) throws Exception {
        Path out = dir.resolve("fork.out");
        Path err = dir.resolve("fork.err");
        int status = PerlForkServer.run(script, input, out, err, testName, Duration.ofSeconds(30));
        return List.of(
                Files.readString(out), Files.readString(err).isEmpty() ? "" : "stderr", status == 0 ? "0" : "failed");
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
        return List.of(
                Files.readString(out), Files.readString(err).isEmpty() ? "" : "stderr", status == 0 ? "0" : "failed");
    }
}
