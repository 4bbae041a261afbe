package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A start that names its verb builds only the root and that verb (Verbs); it must answer exactly
 * as the whole tree does: help, version and wrong flags of every verb and sub-verb.
 */
class CliTreeTest {

    /** What a command line printed and returned. */
    private record Answer(int exitCode, String out, String err) {}

    private static Answer answer(CommandLine tree, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(tree, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Answer(code, out.toString(), err.toString());
    }

    /** Every command path under the root's verbs: [run], [bench], [bench, judge], ... */
    private static List<List<String>> verbPaths() {
        List<List<String>> paths = new ArrayList<>();
        Main.commandLine().getSubcommands().forEach((name, command) -> {
            if (!name.equals("help")) {
                addPaths(command, List.of(name), paths);
            }
        });
        return paths;
    }

    private static void addPaths(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            List<String> longer = new ArrayList<>(path);
            longer.add(name);
            addPaths(sub, longer, paths);
        });
    }

    @Test
    void aVerbsOwnTreeAnswersEveryHelpVersionAndWrongFlagAsTheWholeTree() {
        List<List<String>> paths = verbPaths();
        assertThat(paths)
                .extracting(path -> String.join(" ", path))
                .contains("run", "results", "bench", "bench judge", "bench boot", "image", "image build");
        List<List<String>> tails = List.of(
                List.of("--help"),
                List.of("-h"),
                List.of("--version"),
                List.of("--hepl"),
                List.of("--no-such-flag-at-all"),
                List.of("--workers", "x", "/nonexistent/suite"));
        for (List<String> path : paths) {
            for (List<String> tail : tails) {
                String[] args = Stream.concat(path.stream(), tail.stream()).toArray(String[]::new);
                CommandLine own = Main.commandLine(args);
                assertThat(own.getSubcommands().keySet())
                        .as("the tree of %s", Arrays.toString(args))
                        .containsExactly(path.get(0));
                assertThat(answer(own, args)).as(Arrays.toString(args)).isEqualTo(answer(Main.commandLine(), args));
            }
        }
    }

    @Test
    void withoutAKnownVerbFirstTheWholeTreeIsBuilt() {
        Map<String, CommandLine> whole = Main.commandLine().getSubcommands();
        for (String[] args : List.of(
                new String[0],
                new String[] {"help", "run"},
                new String[] {"resluts"},
                new String[] {"--help"},
                new String[] {"--version", "run"})) {
            assertThat(Main.commandLine(args).getSubcommands().keySet())
                    .as(Arrays.toString(args))
                    .containsExactlyElementsOf(whole.keySet());
        }
    }

    @Test
    void theVerbTableHoldsMainsVerbs() {
        Map<String, Class<?>> annotated = new LinkedHashMap<>();
        for (Class<?> verb : Main.class.getAnnotation(Command.class).subcommands()) {
            if (verb != CommandLine.HelpCommand.class) {
                annotated.put(verb.getAnnotation(Command.class).name(), verb);
            }
        }
        assertThat(Verbs.all()).containsExactlyInAnyOrderEntriesOf(annotated);
    }
}
