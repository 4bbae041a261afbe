package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.config.BadInputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What every command shares: --version, exit codes, and a suggestion for a mistyped option or subcommand. */
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
        assertThat(paths)
                .extracting(p -> String.join(" ", p))
                .contains("", "run", "list", "results", "doctor", "bench judge");
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--version");
            out.getBuffer().setLength(0);
            assertThat(kvmrunner(args.toArray(String[]::new)))
                    .as(String.join(" ", args))
                    .isZero();
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
        assertThat(ClosestMatch.closest("resluts", List.of("run", "results", "list")))
                .contains("results");
        assertThat(ClosestMatch.distance("--worker", "--workers")).isEqualTo(1);
    }

    /** A command that fails the way a bug does, or the way bad input does. */
    @CommandLine.Command(name = "broken")
    static final class Broken implements Callable<Integer> {
        @CommandLine.Option(names = "--bad-input")
        boolean badInput;

        @Override
        public Integer call() throws Exception {
            if (badInput) {
                throw new BadInputException("TESTLIST:3: no such test");
            }
            throw new IllegalStateException("a bug");
        }
    }

    private int broken(String... args) {
        CommandLine commandLine = new CommandLine(new Broken());
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler(ExitCodes::handleException);
        return commandLine.execute(args);
    }

    @Test
    void anInternalErrorExitsWithItsOwnCodeAndAStackTrace() {
        assertThat(broken()).isEqualTo(70);
        assertThat(err.toString())
                .startsWith("kvmrunner: internal error: java.lang.IllegalStateException: a bug")
                .contains("at dev.kvmrunner.cli.CliConventionsTest$Broken.call");
        err.getBuffer().setLength(0);
        assertThat(broken("--bad-input")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("kvmrunner: TESTLIST:3: no such test" + System.lineSeparator());
    }

    @Test
    void everyExitCodeMeansOneThing() throws IllegalAccessException {
        List<Integer> codes = new ArrayList<>();
        for (Field field : ExitCodes.class.getFields()) {
            if (field.getType() == int.class && Modifier.isStatic(field.getModifiers())) {
                codes.add(field.getInt(null));
            }
        }
        assertThat(codes).containsExactlyInAnyOrder(0, 1, 2, 4, 70, 130);
    }

    @Test
    void everyExitStatusListNamesTheInternalError() {
        String root = Main.commandLine().getUsageMessage();
        assertThat(root)
                .contains("Exit status of every command: 0 ", " 1 ", " 2 ", " 4 ", " 130 ", " 70 internal error");
        List<List<String>> paths = new ArrayList<>();
        commandPaths(Main.commandLine(), List.of(), paths);
        List<String> withExitStatus = new ArrayList<>();
        for (List<String> path : paths) {
            CommandLine command = Main.commandLine();
            for (String name : path) {
                command = command.getSubcommands().get(name);
            }
            String usage = command.getUsageMessage().replaceAll("\\s+", " ");
            if (usage.contains("Exit status")) {
                withExitStatus.add(String.join(" ", path));
                assertThat(usage).as(String.join(" ", path)).contains("70 internal error");
            }
        }
        assertThat(withExitStatus).contains("run", "results", "install", "uninstall", "sh", "doctor", "status", "kill");
    }

    @Test
    void enumOptionsTakeTheirNamesInAnyCaseAndListTheChoices() {
        assertThat(kvmrunner("run", "--order", "shortest", "--dry-run", "examples/basic"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--order", "expected one of testlist, longest but was 'shortest'");
        err.getBuffer().setLength(0);
        assertThat(kvmrunner("bench", "sweep", "--reset", "boot,reboot", "examples/basic"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--reset", "expected one of boot, snapshot but was 'reboot'");
        err.getBuffer().setLength(0);
        assertThat(kvmrunner("run", "--order", "longest", "--dry-run", "examples/basic"))
                .as(err.toString())
                .isZero();
        assertThat(kvmrunner("run", "--order", "LONGEST", "--dry-run", "examples/basic"))
                .as(err.toString())
                .isZero();
        CommandLine.ParseResult parsed =
                Main.commandLine().parseArgs("bench", "sweep", "--reset", "Snapshot,boot", "examples/basic");
        BenchSweepCommand sweep =
                parsed.subcommand().subcommand().commandSpec().commandLine().getCommand();
        assertThat(sweep.resets)
                .containsExactly(
                        dev.kvmrunner.perf.SweepPoint.Reset.SNAPSHOT, dev.kvmrunner.perf.SweepPoint.Reset.BOOT);
    }

    @Test
    void theGeneratedCompletionKnowsTheBackendsCommandsAndFlags() {
        // the release builds completion and man pages from the class, as picocli's generators do
        CommandLine tree = new CommandLine(Main.class);
        assertThat(tree.getSubcommands()).containsKey("image");
        assertThat(tree.getSubcommands().get("bench").getSubcommands()).containsKey("boot");
        assertThat(tree.getSubcommands().get("run").getCommandSpec().findOption("--accel"))
                .isNotNull();
        String completion = picocli.AutoComplete.bash("kvmrunner", tree);
        assertThat(completion).contains("image").contains("'--accel'").contains("'--reset'");
        // built once: the backends' commands are not added twice
        assertThat(Main.commandLine()
                        .getSubcommands()
                        .get("bench")
                        .getSubcommands()
                        .keySet())
                .doesNotHaveDuplicates()
                .contains("boot", "judge");
    }
}
