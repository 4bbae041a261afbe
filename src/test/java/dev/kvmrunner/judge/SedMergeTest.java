package dev.kvmrunner.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SedMergeTest {

    @TempDir
    Path dir;

    @Test
    void substituteTransliterateAndDeleteByRegexAreMergeable() {
        assertThat(SedMerge.classify("# comment\ns/a/b/g\n/^x/d\n\\,y,d\ny/abc/xyz/\n/start/,/end/d\n"))
                .isEqualTo(1);
        assertThat(SedMerge.classify("/re/I !{ s|a|b|2 ; s/x\\/y/z/I }\n")).isEqualTo(1);
        assertThat(SedMerge.classify("s/[^]]*]# //\n")).isEqualTo(1);
    }

    @Test
    void lineAddressesOnlyFirst() {
        assertThat(SedMerge.classify("1d\n")).isEqualTo(2);
        assertThat(SedMerge.classify("$s/x/y/\n")).isEqualTo(2);
    }

    @Test
    void anythingThatChangesTheCycleOrPrintsIsNot() {
        for (String script : List.of(
                "n\n",
                "N\n",
                "p\n",
                "s/a/b/p\n",
                "s/a/b/w out\n",
                "h\n",
                "G\n",
                "x\n",
                ":a\nb a\n",
                "/x/q\n",
                "a\\\ntext\n",
                "i text\n",
                "s/a/b\\nc/\n",
                "s/a/b\\\nc/\n",
                "#n\ns/a/b/\n",
                "s/a/b/e\n",
                "{ s/a/b/\n",
                "D\n",
                "=\n",
                "r file\n",
                "s/unterminated/\n")) {
            assertThat(SedMerge.classify(script)).as(script).isZero();
        }
    }

    private SanitizerScript awk() throws IOException {
        return new SanitizerScript(Files.writeString(dir.resolve("x.awk"), "{print}\n"), SanitizerScript.Tool.AWK);
    }

    private SanitizerScript sed(String name, String text) throws IOException {
        return new SanitizerScript(Files.writeString(dir.resolve(name), text), SanitizerScript.Tool.SED);
    }

    @Test
    void consecutiveMergeableScriptsBecomeOneProcessAndOneProgram() throws IOException {
        SanitizerScript a = sed("a.sed", "s/a/A/g\n");
        SanitizerScript b = sed("b.sed", "/^#/d\n");
        SanitizerScript n = sed("n.sed", "n\n");
        SanitizerScript first = sed("first.sed", "1d\n");
        SanitizerScript awk = awk();

        List<List<String>> commands = SedMerge.commands(List.of(a, b, n, first, a, awk, b, first));

        assertThat(commands)
                .containsExactly(
                        List.of("sed", "-f", a.file().toString(), "-f", b.file().toString()),
                        n.command(),
                        List.of(
                                "sed",
                                "-f",
                                first.file().toString(),
                                "-f",
                                a.file().toString()),
                        awk.command(),
                        b.command(),
                        first.command());

        // in process, the same runs share one program (one pass per line)
        List<PipelineStep> steps = PipelineStep.of(List.of(a, b, n, first, a, awk, b, first), true, true);

        assertThat(steps)
                .extracting(PipelineStep::scripts)
                .containsExactly(
                        List.of(a, b), List.of(n), List.of(first, a), List.of(awk), List.of(b), List.of(first));
        assertThat(steps.get(0).program()).isPresent();
        assertThat(steps.get(2).program()).isPresent();
        assertThat(steps.get(0).command())
                .isEqualTo(SedMerge.commands(List.of(a, b)).get(0));
        assertThat(PipelineStep.of(List.of(a, b), true, false)).hasSize(2);
        assertThat(PipelineStep.of(List.of(a, b), false, true)).hasSize(2);
    }

    @Test
    void mergedPipelineGivesThePipelinesOutput() throws Exception {
        List<SanitizerScript> scripts = new ArrayList<>();
        scripts.add(sed("1.sed", "1d\ns/^\\[root@\\([a-z]*\\) [^]]*\\]# /\\1 # /\n"));
        scripts.add(sed("2.sed", "/^>>>>cut/,/^<<<<tuc/d\n"));
        scripts.add(sed("3.sed", "s/[0-9]\\{4\\}-[0-9][0-9]-[0-9][0-9]/DATE/g\ny/abc/ABC/\n"));
        scripts.add(sed("4.sed", "/^DATE/d\ns/  *$//\n"));
        Path transcript = Files.writeString(
                dir.resolve("t.txt"),
                String.join(
                        "\n",
                        "first line goes",
                        "[root@east x]# echo abc",
                        "abc  ",
                        ">>>>cut",
                        "2024-01-01 hidden",
                        "<<<<tuc",
                        "2024-01-02 at start",
                        "on 2024-01-03 date",
                        "no newline at end"));

        String merged = new Sanitizer(scripts, false, true).run(transcript, "t", Duration.ofSeconds(30));
        String piped = new Sanitizer(scripts, false, false).run(transcript, "t", Duration.ofSeconds(30));

        assertThat(SedMerge.commands(scripts)).hasSize(1);
        assertThat(PipelineStep.of(scripts, true, true)).hasSize(1); // merged: one in-process program
        assertThat(merged).isEqualTo(piped).isEqualTo("eAst # eCho ABC\nABC\non DATE dAte\nno newline At end");
    }
}
