package dev.kvmrunner.domain;

import dev.kvmrunner.timeouts.Deadline;
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
 * The one way the program runs a program that must finish: an argument list (never a shell
 * string), its output drained on threads of its own while we wait, one deadline for exit and
 * output together, everything it started killed by its mark when it exits, and on timeout or
 * interrupt the process too. (Reading a child's output to EOF before {@code waitFor} turns a
 * hung child into a hung runner; a background child that keeps the pipe open would too.)
 */
public final class ExternalCommand {
    /** The environment variable that marks every process one command started (see {@link ProcessTree}). */
    public static final String COMMAND_MARKER = "KVMRUNNER_COMMAND";

    private ExternalCommand() {}

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
    public static Outcome run(
            List<String> command,
            Path directory,
            Map<String, String> environment,
            byte[] stdin,
            boolean mergeStderr,
            Duration timeout)
            throws IOException, InterruptedException {
        Deadline deadline = Deadline.of(timeout);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(mergeStderr);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().put("LC_ALL", "C");
        String mark = mark(builder, environment);
        Process process = start(builder);
        boolean finished = false;
        try {
            CompletableFuture<String> out = drain(process.getInputStream(), command.get(0));
            CompletableFuture<String> err = mergeStderr
                    ? CompletableFuture.completedFuture("")
                    : drain(process.getErrorStream(), command.get(0));
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException e) {
                // it exited without reading its input: its status says what happened
            }
            if (!deadline.waitFor(process)) {
                throw timedOut(command, timeout);
            }
            // nothing a command started outlives it: a background child would hold its output open (a
            // hang) or, when the JDK closed the pipe at the exit first, live on unnoticed
            ProcessTree.kill(ProcessTree.marked(COMMAND_MARKER, mark));
            String stdout;
            String stderr;
            try {
                // a child that shed its mark may still hold the output open: same deadline
                stdout = awaitOutput(out, mark, deadline, command, timeout);
                stderr = awaitOutput(err, mark, deadline, command, timeout);
            } catch (ExecutionException e) {
                throw new IOException("cannot read the output of " + command.get(0), e.getCause());
            }
            finished = true;
            return new Outcome(List.copyOf(command), process.exitValue(), stdout, stderr);
        } finally {
            if (!finished) {
                kill(process, mark);
            }
            process.getInputStream().close();
            process.getErrorStream().close();
        }
    }

    /** How often the marked processes are looked for again while a command's output stays open. */
    private static final long RESCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * OUTPUT once it is complete. While it stays open, the processes marked MARK are looked for and
     * killed again: one look can miss a child caught in the middle of exec, whose environment
     * (where the mark is) cannot be read for that moment, and that child would hold the output open
     * to the deadline (seen once: {@code sh -c 'sleep 600 & echo started'} timed out after 30 s).
     */
    private static String awaitOutput(
            CompletableFuture<String> output, String mark, Deadline deadline, List<String> command, Duration timeout)
            throws ExecutionException, InterruptedException, TimedOut {
        while (true) {
            try {
                return output.get(Math.max(0, Math.min(deadline.nanosLeft(), RESCAN_NANOS)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (deadline.nanosLeft() <= 0) {
                    throw timedOut(command, timeout);
                }
                ProcessTree.kill(ProcessTree.marked(COMMAND_MARKER, mark));
            }
        }
    }

    /**
     * Runs COMMAND with this process's stdin, stdout and stderr (apt-get for {@code doctor --fix}:
     * the person watches its progress and answers it), ENVIRONMENT added; the same deadline and
     * kill as {@link #run}. Returns its exit status.
     */
    public static int runAttached(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        Deadline deadline = Deadline.of(timeout);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        String mark = mark(builder, environment);
        Process process = start(builder);
        boolean finished = false;
        try {
            if (!deadline.waitFor(process)) {
                throw timedOut(command, timeout);
            }
            finished = true;
            return process.exitValue();
        } finally {
            if (!finished) {
                kill(process, mark);
            }
        }
    }

    /** Adds ENVIRONMENT and a mark of this one command: what it started is found (and killed) even after it left its parent. */
    private static String mark(ProcessBuilder builder, Map<String, String> environment) {
        builder.environment().putAll(environment);
        String mark = UUID.randomUUID().toString();
        builder.environment().put(COMMAND_MARKER, mark);
        return mark;
    }

    private static Process start(ProcessBuilder builder) throws IOException {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + builder.command().get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Kills the command and what it started, and waits (at most the kill timeout) until they are gone: SIGKILL
     * takes effect a moment after it is sent, and a caller told "killed" must find nothing of it running.
     */
    private static void kill(Process process, String mark) {
        killTree(process);
        Deadline gone = Deadline.of(dev.kvmrunner.timeouts.Timeouts.DEFAULTS.kill());
        try {
            ProcessTree.killUntilGone(() -> ProcessTree.marked(COMMAND_MARKER, mark), gone);
            process.waitFor(gone.nanosLeft(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller is being stopped: the kill was sent
        }
    }

    /** Kills PROCESS and every process it started that is still its descendant. */
    public static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static TimedOut timedOut(List<String> command, Duration timeout) {
        return new TimedOut(
                String.join(" ", command) + ": no answer after " + Math.max(1, timeout.toSeconds()) + " s (killed)");
    }

    private static CompletableFuture<String> drain(InputStream stream, String name) {
        // a thread each, not the common pool: on 2 cores it has one thread and two drains would take turns
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    try (stream) {
                        stream.transferTo(bytes);
                    } catch (IOException e) {
                        // closed by us after a timeout: what came so far is all there is
                    }
                    text.complete(bytes.toString(StandardCharsets.UTF_8));
                },
                "output of " + name);
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
