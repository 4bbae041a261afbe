package dev.kvmrunner.judge.sed;

import dev.kvmrunner.timeouts.Deadline;
import java.util.List;

/**
 * A parsed sed program (one or more scripts, as {@code sed -f a -f b}): immutable and
 * shareable between threads; each {@link #run} has its own state.
 */
public final class SedProgram {
    private final List<SedCommand> commands;
    private final boolean quiet;

    private final boolean keepsAscii;

    SedProgram(List<SedCommand> commands, boolean quiet) {
        this.commands = commands;
        this.quiet = quiet;
        this.keepsAscii = commands.stream().allMatch(SedProgram::writesOnlyAscii);
    }

    /**
     * Whether every run on ASCII input gives ASCII output: what the program writes is the input's
     * text, line numbers and its own texts (replacements, a/i/c, y), and those are ASCII.
     * A pipeline then need not look at every step's output again ({@link SedPrograms#byteSemantics}).
     */
    public boolean keepsAscii() {
        return keepsAscii;
    }

    private static boolean writesOnlyAscii(SedCommand command) {
        if (command.substitution != null) {
            for (Object part : command.substitution.replacement()) {
                if (part instanceof String text && !SedPrograms.isAscii(text)) {
                    return false;
                }
            }
        }
        return (command.text == null || SedPrograms.isAscii(command.text))
                && (command.target == null || SedPrograms.isAscii(command.target));
    }

    /**
     * Runs the program over the input as GNU sed does over one file.
     *
     * @param input the input bytes as ISO-8859-1 chars
     * @return the output bytes as ISO-8859-1 chars
     */
    public String run(String input) {
        try {
            return run(input, Deadline.none());
        } catch (SedStoppedException e) {
            throw new IllegalStateException("a run without a deadline was stopped", e);
        }
    }

    /**
     * As {@link #run(String)}, stopping when DEADLINE passes or the thread is interrupted (the
     * interrupt flag stays set).
     */
    public String run(String input, Deadline deadline) throws SedStoppedException {
        return new SedExecution(commands, quiet, input, deadline).run();
    }

    int size() {
        return commands.size();
    }
}
