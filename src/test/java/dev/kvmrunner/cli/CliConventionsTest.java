package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What every command shares: --version, and a suggestion for a mistyped option or subcommand. */
class CliConventionsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int kvmrunner(String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static void commandPaths(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(path);
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (!sub.getKey().equals("help")) {
                List<String> longer = new ArrayList<>(path);
                longer.add(sub.getKey());
                commandPaths(sub.getValue(), longer, paths);
            }
        }
    }

    @Test
    void everyCommandPrintsVersionAndRevision() {
        String line = BuildVersion.line();
        assertThat(line).matches("kvmrunner \\d+\\.\\d+\\.\\d+\\S* \\(git ([0-9a-f]{7,}|unknown)\\)");
        if (Files.exists(Path.of(".git"))) { // built from a clone: the build must have found the revision
            assertThat(line).doesNotContain("unknown");
        }
        List<List<String>> paths = new ArrayList<>();
        commandPaths(Main.commandLine(), List.of(), paths);
        assertThat(paths).extracting(p -> String.join(" ", p)).contains("", "run", "list", "results", "doctor", "bench judge");
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--version");
            out.getBuffer().setLength(0);
            assertThat(kvmrunner(args.toArray(String[]::new))).as(String.join(" ", args)).isZero();
            assertThat(out.toString().trim()).as(String.join(" ", args)).isEqualTo(line);
        }
    }

    @Test
    void aMistypedOptionOrSubcommandGetsTheClosestMatch() {
        assertThat(kvmrunner("run", "--worker", "2", "examples/basic")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("did you mean --workers?");
        err.getBuffer().setLength(0);
        assertThat(kvmrunner("resluts", "examples/basic")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("did you mean results?");
        err.getBuffer().setLength(0);
        assertThat(kvmrunner("doctor", "--fxi")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("did you mean --fix?");
    }

    @Test
    void noSuggestionForAWordFarFromEveryName() {
        assertThat(kvmrunner("run", "--completely-different")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("Unknown option").doesNotContain("did you mean");
        assertThat(ClosestMatch.closest("resluts", List.of("run", "results", "list"))).contains("results");
        assertThat(ClosestMatch.distance("--worker", "--workers")).isEqualTo(1);
    }
}
