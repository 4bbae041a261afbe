package dev.kvmrunner.judge.sed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kvmrunner.perf.JudgeBenchmark;
import dev.kvmrunner.perf.SedCheck;
import dev.kvmrunner.testing.RequiresTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process sed against GNU sed, byte for byte: edge cases of every supported command,
 * and every sed script the project ships (the examples' sanitizers, the judge benchmark's
 * generated suite) on every transcript of that generated suite and the edge-case inputs.
 * Skipped where GNU sed is missing; the full check on libreswan's own scripts is
 * tools/bench/judge-vs-kvmresults.sh ({@code bench sed}).
 */
class SedInterpreterTest {

    @TempDir
    static Path dir;

    private static final List<String> INPUTS = List.of(
            "",
            "one line\n",
            "no final newline",
            "a\nb\nc\nd\ne\n",
            "a\nb\nc\nd\ne",
            "baaac\nxaaay\n\n\nabc abc abc\n",
            "[root@east basic-01]# ipsec start\nRedirecting to: systemctl\n[root@east basic-01]# \n",
            ">>>>>>>>>>cut>>>>>>>>>> east:eastinit.sh <<<<<<<<<<tuc<<<<<<<<<<\nkept\n==== cut ====\ngone\n==== tuc ====\nkept too\n==== end ====\nafter end\n",
            "Mon Jan  1 10:11:12 UTC 2024 date\n2024-01-01 10:11:12.123 stamp\tTAB\n  leading blanks\ntrailing blanks   \n",
            "x\u0007y bell\nsport 4500 dport 4500\n sport 1234 dport 55\nAAA aaa AaA\n");

    private static final List<String> SCRIPTS = List.of(
            "s/a/X/\n",
            "s/a/X/g\n",
            "s/a/X/2\n",
            "s/a/X/2g\n",
            "s/a*/x/g\n",
            "s/b*/x/2\n",
            "s/x*/-/g\n",
            "s/^/>/\n",
            "s/$/</\n",
            "s/.*/[&]/\n",
            "s/\\(a\\)\\(b\\)/\\2\\1/g\n",
            "s/a/\\n/g\n",
            "s/a/\\t&\\&/\n",
            "s/[0-9]\\{4\\}-[0-9][0-9]-[0-9][0-9]/DATE/g\n",
            "s/[[:space:]]\\+$//\n",
            "s/^[ \\t]*//\n",
            "s/\\<a/A/g\n",
            "s/c\\>/C/g\n",
            "s/\\w\\+/W/2\n",
            "s/aaa/b/I\n",
            "/aAa/Is/$/ hit/\n",
            "/SPORT/I!s/dport/D/\n",
            "s/b/B/;/aB/s/a/-/;/AB/Is/c/+/\n",
            "s/.*\\x07//\n",
            "s/ sport [0-9]\\+ dport/ sport SPORT dport/g\n",
            "s/b\\?c/Q/\n",
            "s/[^]]*]# /P # /\n",
            "/ sport \\(22\\|4500\\|1234\\) /!s/sport/SP/\n",
            "/^\\[root/s//ROOT/\n",
            "s/a/A/p\n",
            "#n\ns/a/A/p\n",
            "p\n",
            "P\n",
            "=\n",
            "d\n",
            "1d\n",
            "$d\n",
            "2,4d\n",
            "2,1d\n",
            "/b/,/d/d\n",
            "/b/,$d\n",
            "/==== cut ====/,/==== tuc ====/d\n",
            "/==== end ====/,$d\n",
            "3,/c/d\n",
            "/a/!d\n",
            "2!{s/./X/}\n",
            "/c/{N;s/\\n/+/}\n",
            "$!N;P;D\n",
            "N;N;s/\\n/,/g\n",
            "n;d\n",
            "$!n;s/./X/\n",
            "h;G\n",
            "1h;1!H;$!d;x;s/\\n/|/g\n",
            "x;$G\n",
            "y/abc/ABC/\n",
            "z;s/^$/empty/\n",
            ":a;N;$!ba;s/\\n/ /g\n",
            "s/a/A/;ta;s/$/ no/;b;:a;s/$/ yes/\n",
            "s/a/A/;Tx;s/$/!/;:x\n",
            "/b/q\n",
            "/b/Q\n",
            "2i\\\ninserted\n",
            "2a appended\n",
            "$a\\\nlast\n",
            "/c/c\\\nchanged\n",
            "2,3c\\\nrange changed\n",
            "/b/,/c/{/c/!d}\n",
            "s/a/b/;s//X/\n".replace("s//X/", "s/b/X/"),
            "/^>>>>>>>>>>cut>>>>>>>>>> .* <<<<<<<<<<tuc<<<<<<<<<<$/d\ns/>>>>>>>>>>cut>>>>>>>>>> [^ ]* <<<<<<<<<<tuc<<<<<<<<<<//g\n",
            "s/^\\[root@\\([a-z]*\\) [^]]*\\]# *$/\\1 #/\ns/^\\[root@\\([a-z]*\\) [^]]*\\]# /\\1 # /\n");

    private static boolean gnuSed;

    @BeforeAll
    static void findGnuSed() {
        try {
            Process process = new ProcessBuilder("sed", "--version")
                    .redirectErrorStream(true)
                    .start();
            gnuSed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("GNU sed")
                    && process.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            gnuSed = false;
        }
    }

    @Test
    void everyEdgeCaseGivesGnuSedsBytes() throws Exception {
        assumeTrue(gnuSed, "GNU sed is not installed");
        List<Path> scripts = new ArrayList<>();
        for (int i = 0; i < SCRIPTS.size(); i++) {
            scripts.add(
                    Files.writeString(dir.resolve("edge-" + i + ".sed"), SCRIPTS.get(i), StandardCharsets.ISO_8859_1));
        }
        List<Path> inputs = inputs();

        SedCheck.Report report = SedCheck.check(scripts, inputs, 2);

        assertThat(report.refused()).isEmpty();
        assertThat(report.differences()).isEmpty();
        assertThat(report.comparisons()).isEqualTo(scripts.size() * inputs.size());
    }

    @RequiresTools({"gawk"}) // the generated suite's transcripts come through a gawk sanitizer
    @Test
    void theProjectsOwnScriptsGiveGnuSedsBytes() throws Exception {
        assumeTrue(gnuSed, "GNU sed is not installed");
        Path suite = JudgeBenchmark.generate(dir.resolve("bench"), 12);
        List<Path> scripts = new ArrayList<>(SedCheck.scripts(List.of(suite.resolve("sanitizers"))));
        for (String example : List.of("basic", "net", "netns")) {
            scripts.addAll(SedCheck.scripts(List.of(Path.of("examples", example, "sanitizers"))));
        }
        List<Path> inputs = new ArrayList<>(inputs());
        try (Stream<Path> files = Files.walk(suite)) {
            files.filter(f -> f.getFileName().toString().endsWith(".console.verbose.txt"))
                    .sorted()
                    .forEach(inputs::add);
        }

        SedCheck.Report report = SedCheck.check(scripts, inputs, 2);

        // the two dates.sed have an optional group \(\.[0-9]*\)\? in a substitution: refused, they run as GNU sed
        assertThat(report.refused()).hasSize(2).allMatch(reason -> reason.contains("dates.sed"));
        assertThat(report.differences()).isEmpty();
        assertThat(report.comparisons()).isEqualTo((scripts.size() - 2) * inputs.size());
    }

    @Test
    void constructsThatCouldDifferRunAsTheRealSed() {
        for (String script : List.of(
                "s/a\\|ab/X/\n",
                "s/\\(ab\\)*b/X/\n",
                "s/x/y/w out\n",
                "s/x/y/e\n",
                "s//y/\n",
                "s/\\(a\\)\\1/y/\n",
                "l\n",
                "r file\n",
                "w file\n",
                "1~2d\n",
                "0,/x/d\n",
                "/x/,+2d\n",
                "q 5\n",
                "s/x/\\U&/\n",
                "b nowhere\n",
                "{ s/a/b/\n",
                "s/a/b/M\n")) {
            assertThatThrownBy(() -> SedParser.parse(List.of(script), false, false))
                    .as(script)
                    .isInstanceOf(UnsupportedSedException.class);
        }
    }

    @Test
    void requiredTextIsFoundForThePrefilter() throws UnsupportedSedException {
        assertThat(SedRegex.compile(".*\\x07", false, false, true).required()).isEqualTo("\u0007");
        assertThat(SedRegex.compile("ab*cd", false, false, true).required()).isEqualTo("cd");
        assertThat(SedRegex.compile("a\\|b", false, false, false).required()).isEmpty();
        assertThat(SedRegex.compile("x\\(abc\\)", false, false, true).required())
                .isEqualTo("x");
    }

    @Test
    void theCharacterPrefilterRejectsOnlyTextsThatCannotMatch() throws UnsupportedSedException {
        SedRegex exact = SedRegex.compile("ipsec look", false, false, true);
        SedRegex folded = SedRegex.compile("Ipsec LOOK", false, true, true);
        long[] chars = new long[SedRegex.CHAR_SET_WORDS];
        long[] foldedChars = new long[SedRegex.CHAR_SET_WORDS];

        SedRegex.charSet("east # IPSEC look", chars, foldedChars);
        assertThat(exact.mayMatch("east # IPSEC look", chars, foldedChars)).isFalse();
        assertThat(folded.mayMatch("east # IPSEC look", chars, foldedChars)).isTrue();

        SedRegex.charSet("east # ipsec lo\u00e9k", chars, foldedChars);
        assertThat(exact.mayMatch("east # ipsec lo\u00e9k", chars, foldedChars)).isFalse();
        assertThat(folded.mayMatch("east # ipsec lo\u00e9k", chars, foldedChars))
                .isFalse();

        SedRegex.charSet("ipsec look", chars, foldedChars);
        assertThat(exact.mayMatch("ipsec look", chars, foldedChars)).isTrue();
    }

    private static List<Path> inputs() throws IOException {
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < INPUTS.size(); i++) {
            inputs.add(
                    Files.writeString(dir.resolve("input-" + i + ".txt"), INPUTS.get(i), StandardCharsets.ISO_8859_1));
        }
        return inputs;
    }
}
