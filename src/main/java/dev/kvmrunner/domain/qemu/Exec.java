package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.domain.ExternalCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The qemu backend's commands: {@link ExternalCommand}, where any status but 0 is a failure. */
final class Exec {
    private Exec() {}

    /** The result of a command that exited with status 0. */
    record Output(String stdout, String stderr) {}

    /** Runs ARGS in DIRECTORY (null: ours) feeding STDIN (null: nothing); fails on a non-zero status or after TIMEOUT. */
    static Output run(List<String> args, Path directory, byte[] stdin, Duration timeout)
            throws IOException, InterruptedException {
        ExternalCommand.Outcome outcome = ExternalCommand.run(args, directory, Map.of(), stdin, false, timeout);
        if (!outcome.ok()) {
            throw new IOException(String.join(" ", args) + " exited with status " + outcome.status() + ": "
                    + outcome.stderr().strip());
        }
        return new Output(outcome.stdout(), outcome.stderr());
    }
}
