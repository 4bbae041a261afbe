package dev.kvmrunner.cli;

import dev.kvmrunner.domain.BackendProvider;
import dev.kvmrunner.domain.Backends;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** The root command: lists the verbs; each verb is one class that parses and delegates. */
@Command(
        name = "kvmrunner",
        mixinStandardHelpOptions = true,
        versionProvider = BuildVersion.class,
        modelTransformer = Main.BackendCommands.class,
        description = "Runs multi-host test suites (libreswan KVM test style) as fast as the machine allows.",
        footer = {
            "",
            "Exit status of every command: 0 success (every test that ran passed), 1 some test did not pass "
                    + "(or the command's own 'no': see its --help), 2 bad usage or input, 4 results: nothing has run yet, "
                    + "130 interrupted, " + ExitCodes.INTERNAL_ERROR_FOOTER
        },
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
public final class Main {

    public static void main(String[] args) {
        // vfork+exec starts a sanitizer process faster than the default posix_spawn through
        // jspawnhelper (one exec less); judging starts thousands of them
        if (System.getProperty("jdk.lang.Process.launchMechanism") == null) {
            System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
        }
        System.exit(execute(args));
    }

    /** The command tree; every subcommand answers --version with the build's version and revision. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main()); // with the backends' commands: BackendCommands
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
            for (BackendProvider provider : Backends.providers()) {
                for (BackendProvider.BackendCommand command : provider.commands()) {
                    CommandSpec parent = command.parent().isEmpty()
                            ? root
                            : root.subcommands().get(command.parent()).getCommandSpec();
                    CommandLine added = new CommandLine(command.command());
                    parent.addSubcommand(added.getCommandName(), added);
                }
            }
            BackendOptions.addBackendFlags(root);
            return root;
        }
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
        CommandLine commandLine = commandLine();
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
