package dev.kvmrunner.domain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way backends run a program: an argument list (never a shell string), its output
 * drained on threads of its own while we wait, one deadline for exit and output together, and
 * on timeout or interrupt the process and everything it started killed. (Reading a child's
 * output to EOF before {@code waitFor} turns a hung child into a hung runner; a background
 * child that keeps the pipe open would too.)
 */
public final class ExternalCommand {
    /** The environment variable that marks every process one command started (see {@link ProcessTree}). */
    public static final String COMMAND_MARKER = "KVMRUNNER_COMMAND";

    private ExternalCommand() {
    }

    /** How a command ended: its exit status and what it printed. */
    public record Outcome(List<String> command, int status, String stdout, String stderr) {
        public boolean ok() {
            return status == 0;
        }

        /** The failure as one line: the command, its status and what it said. */
        public String describe() {
            String said = (stdout + stderr).strip();
            return String.join(" ", command) + " exited with status " + status
                    + (said.isEmpty() ? " and printed nothing" : ": " + said);
        }
    }

    /** The command did not finish (exit and close its output) before its deadline; it was killed. */
    public static final class TimedOut extends IOException {
        private static final long serialVersionUID = 1L;

        TimedOut(String message) {
            super(message);
        }
    }

    /**
     * Runs COMMAND in DIRECTORY (null: ours) with ENVIRONMENT added (LC_ALL=C always), feeding
     * STDIN (null: nothing); with MERGE_STDERR its stderr comes back in stdout. Throws
     * {@link TimedOut} when it has not finished after TIMEOUT.
     */
    public static Outcome run(List<String> command, Path directory, Map<String, String> environment, byte[] stdin,
                              boolean mergeStderr, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(mergeStderr);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().put("LC_ALL", "C");
        builder.environment().putAll(environment);
        // a mark of this one command: what it started is found (and killed) even after it left its parent
        String mark = UUID.randomUUID().toString();
        builder.environment().put(COMMAND_MARKER, mark);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        boolean finished = false;
        try {
            CompletableFuture<String> out = drain(process.getInputStream(), command.get(0));
            CompletableFuture<String> err = mergeStderr ? CompletableFuture.completedFuture("")
                    : drain(process.getErrorStream(), command.get(0));
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException e) {
                // it exited without reading its input: its status says what happened
            }
            if (!process.waitFor(left(deadline), TimeUnit.NANOSECONDS)) {
                throw timedOut(command, timeout);
            }
            String stdout;
            String stderr;
            try {
                // a background child may hold the output open after the command exited: same deadline
                stdout = out.get(left(deadline), TimeUnit.NANOSECONDS);
                stderr = err.get(left(deadline), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw timedOut(command, timeout);
            } catch (ExecutionException e) {
                throw new IOException("cannot read the output of " + command.get(0), e.getCause());
            }
            finished = true;
            return new Outcome(List.copyOf(command), process.exitValue(), stdout, stderr);
        } finally {
            if (!finished) {
                killTree(process);
                ProcessTree.kill(ProcessTree.marked(COMMAND_MARKER, mark));
            }
            process.getInputStream().close();
            process.getErrorStream().close();
        }
    }

    /** Kills PROCESS and every process it started that is still its descendant. */
    public static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static TimedOut timedOut(List<String> command, Duration timeout) {
        return new TimedOut(String.join(" ", command) + ": no answer after " + Math.max(1, timeout.toSeconds()) + " s (killed)");
    }

    private static long left(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static CompletableFuture<String> drain(InputStream stream, String name) {
        // a thread each, not the common pool: on 2 cores it has one thread and two drains would take turns
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (stream) {
                stream.transferTo(bytes);
            } catch (IOException e) {
                // closed by us after a timeout: what came so far is all there is
            }
            text.complete(bytes.toString(StandardCharsets.UTF_8));
        }, "output of " + name);
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
