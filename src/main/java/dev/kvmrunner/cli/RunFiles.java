package dev.kvmrunner.cli;

import dev.kvmrunner.report.RunFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** status and kill: the live run of a suite from its pid file, with one message when there is none. */
final class RunFiles {
    private RunFiles() {}

    static Optional<RunFile.Found> running(Path suite, PrintWriter err) {
        Optional<RunFile.Found> found = RunFile.read(suite);
        if (found.isEmpty()) {
            err.println("kvmrunner: no run of " + suite + " (no " + suite.resolve(RunFile.NAME) + ")");
            return Optional.empty();
        }
        if (!found.get().alive()) {
            err.println("kvmrunner: stale " + suite.resolve(RunFile.NAME) + ": run "
                    + found.get().field("run") + " (pid " + found.get().pid() + ", started "
                    + found.get().field("started") + ") is gone, killed without clean-up");
            return Optional.empty();
        }
        return found;
    }
}
