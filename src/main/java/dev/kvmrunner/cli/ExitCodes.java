package dev.kvmrunner.cli;

import dev.kvmrunner.config.BadInputException;
import picocli.CommandLine;

/** The one place that maps outcomes to exit codes. */
public final class ExitCodes {
    /** Every selected test that ran passed. */
    public static final int OK = 0;
    /** Some test did not pass. */
    public static final int NOT_ALL_PASSED = 1;
    /** Bad usage or bad input (flag, TESTLIST, config, missing file). */
    public static final int BAD_INPUT = 2;
    /** {@code results}: none of the selected tests has an OUTPUT directory (nothing has run yet). */
    public static final int NO_OUTPUT = 4;
    /**
     * kvmrunner itself failed: an exception nobody expected (a bug), never a test's or the input's
     * fault. 70 is EX_SOFTWARE of sysexits.h, "internal software error".
     */
    public static final int INTERNAL_ERROR = 70;
    /** The run was interrupted (SIGINT, SIGTERM, SIGHUP). */
    public static final int INTERRUPTED = 130;

    /** The words every command's exit-status footer ends with (a constant: annotations need one). */
    static final String INTERNAL_ERROR_FOOTER =
            "70 internal error (a bug of kvmrunner; the message and stack trace say where).";

    private ExitCodes() {}

    static int handleException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        if (e instanceof BadInputException) {
            commandLine.getErr().println("kvmrunner: " + e.getMessage());
            return BAD_INPUT;
        }
        commandLine.getErr().println("kvmrunner: internal error: " + e);
        e.printStackTrace(commandLine.getErr());
        return INTERNAL_ERROR;
    }

    static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        commandLine.getErr().println("kvmrunner: " + e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()) {
            ClosestMatch.of(unmatched.getUnmatched().get(0), commandLine.getCommandSpec())
                    .ifPresent(match -> commandLine.getErr().println("kvmrunner: did you mean " + match + "?"));
        }
        commandLine
                .getErr()
                .println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        return BAD_INPUT;
    }
}
