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

    SedProgram(List<SedCommand> commands, boolean quiet) {
        this.commands = commands;
        this.quiet = quiet;
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
