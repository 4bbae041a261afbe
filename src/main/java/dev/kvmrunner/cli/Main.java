package dev.kvmrunner.cli;

import dev.kvmrunner.domain.BackendProvider;
import dev.kvmrunner.domain.Backends;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The root command: lists the verbs; each verb is one class that parses and delegates. Its own
 * attributes are {@link RootCommand}'s; every tree built from this class (a start without a known
 * verb, the release's completion and man pages) holds every verb.
 */
@Command(
        modelTransformer = Main.BackendCommands.class,
        subcommands = {
            RunCommand.class,
            ListCommand.class,
            ResultsCommand.class,
            InstallCommand.class,
            UninstallCommand.class,
            ShCommand.class,
            DoctorCommand.class,
            BenchCommand.class,
            RecommendCommand.class,
            StatusCommand.class,
            KillCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main extends RootCommand {

    public static void main(String[] args) {
        // vfork+exec starts a sanitizer process faster than the default posix_spawn through
        // jspawnhelper (one exec less); judging starts thousands of them
        if (System.getProperty("jdk.lang.Process.launchMechanism") == null) {
            System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
        }
        System.exit(execute(args));
    }

    /** The whole command tree; every subcommand answers --version with the build's version and revision. */
    public static CommandLine commandLine() {
        return finish(new CommandLine(new Main())); // with the backends' commands: BackendCommands
    }

    /**
     * The tree that runs ARGS: when the first argument is a verb, the root with only that verb
     * (and what the backends add under it), which parses, helps and fails exactly as in the whole
     * tree; else (no verb, {@code help}, a typo, an option first) the whole tree.
     */
    static CommandLine commandLine(String... args) {
        if (args.length == 0) {
            return commandLine();
        }
        return verb(args[0])
                .map(verb -> {
                    CommandLine root = new CommandLine(new RootCommand());
                    root.addSubcommand(verb);
                    BackendOptions.addBackendFlags(root.getCommandSpec());
                    return finish(root);
                })
                .orElseGet(Main::commandLine);
    }

    /** Verb NAME with the backends' commands under it, as the whole tree holds it. */
    private static Optional<CommandLine> verb(String name) {
        Optional<CommandLine> verb = Verbs.named(name)
                .map(CommandLine::new)
                .or(() -> backendCommands("").stream()
                        .filter(command -> command.getCommandName().equals(name))
                        .findFirst());
        verb.ifPresent(command -> backendCommands(name).forEach(command::addSubcommand));
        return verb;
    }

    private static CommandLine finish(CommandLine commandLine) {
        LowerCaseEnum.register(commandLine, dev.kvmrunner.runner.TestOrder.class);
        LowerCaseEnum.register(commandLine, dev.kvmrunner.perf.SweepPoint.Reset.class);
        withVersion(commandLine);
        return commandLine;
    }

    /**
     * Each backend brings its own commands (qemu: image, bench boot) and flags (qemu: --accel,
     * --reset). Added as picocli's model transformer, so that every command tree built from this
     * class has them: the release's generated completion and man pages too, not only a run.
     */
    public static final class BackendCommands implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec root) {
            backendCommands("").forEach(command -> root.addSubcommand(command.getCommandName(), command));
            for (Map.Entry<String, CommandLine> verb : root.subcommands().entrySet()) {
                backendCommands(verb.getKey()).forEach(verb.getValue()::addSubcommand);
            }
            BackendOptions.addBackendFlags(root);
            return root;
        }
    }

    /** The backends' commands under the verb PARENT ("": at the root), in the providers' order. */
    private static List<CommandLine> backendCommands(String parent) {
        List<CommandLine> commands = new ArrayList<>();
        for (BackendProvider provider : Backends.providers()) {
            for (BackendProvider.BackendCommand command : provider.commands()) {
                if (command.parent().equals(parent)) {
                    commands.add(new CommandLine(command.command()));
                }
            }
        }
        return commands;
    }

    private static void withVersion(CommandLine command) {
        command.getCommandSpec().versionProvider(new BuildVersion());
        command.getSubcommands().values().forEach(Main::withVersion);
    }

    /** Runs one command line and returns its exit code (see {@link ExitCodes}). */
    public static int execute(String... args) {
        return execute(null, null, args);
    }

    /** As {@link #execute(String...)}, writing to {@code out} and {@code err} (null: stdout, stderr). */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        return execute(commandLine(args), out, err, args);
    }

    /** Runs ARGS on the tree COMMANDLINE (tests compare the whole tree's answers with a verb's own). */
    static int execute(CommandLine commandLine, java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        if (out != null) {
            commandLine.setOut(out);
        }
        if (err != null) {
            commandLine.setErr(err);
        }
        commandLine.setExecutionExceptionHandler(ExitCodes::handleException);
        commandLine.setParameterExceptionHandler(ExitCodes::handleParameterException);
        return commandLine.execute(args);
    }
}
