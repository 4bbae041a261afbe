package dev.kvmrunner.judge;

import dev.kvmrunner.judge.sed.SedPrograms;
import dev.kvmrunner.timeouts.Deadline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Runs sanitizer scripts over a transcript, as the pipeline {@code tool1 < transcript | tool2
 * | … } would, and returns what comes out (immutable, thread-safe).
 *
 * <p>A sed script whose every command the in-process interpreter supports ({@link
 * dev.kvmrunner.judge.sed}) runs inside the JVM on the text in memory, when its input is
 * text on which it gives GNU sed's bytes; the other scripts run as real processes, each run
 * of consecutive ones as one process pipeline between temporary files; a perl script alone
 * between in-process steps runs in a child forked from a waiting perl ({@link
 * PerlForkServer}). Starting processes is what costs: a libreswan pipeline has about forty
 * per host. The system properties {@code kvmrunner.sed.inprocess=false} and
 * {@code kvmrunner.perl.fork=false} make every script a process of its own again.
 *
 * <p>Every process gets the environment variable {@code TESTNAME}, except in libreswan's
 * pipeline ({@link #libreswan}): its sanitizer.sh never sets it, and its
 * east-prompt-splitline.pl only matches prompts when it is empty. The pipeline fails
 * ({@link SanitizerException}, message includes the tools' stderr) when any tool writes to
 * stderr, when the last tool exits non-zero, or when an earlier tool exits non-zero other
 * than by SIGPIPE (a later tool may stop reading early, as with {@code sed q}). libreswan
 * only looked at the last tool's status; a crashing earlier tool is caught here too.
 *
 * <p>{@code appendNewline}: libreswan's sanitizer.sh prints one extra newline after the
 * pipeline's output because its expected files end with a blank line; the libreswan source
 * asks for it, the suite config's list does not (its expected files are plain output).
 */
public final class Sanitizer {

    /** Exit status of a process killed by SIGPIPE. */
    private static final int SIGPIPE_STATUS = 128 + 13;

    private final List<SanitizerScript> scripts;
    private final List<PipelineStep> steps;
    private final boolean appendNewline;
    private final boolean mergeSed;
    private final boolean exportTestName;

    /**
     * Whether consecutive sed scripts run as one {@code sed -f a -f b} process when
     * {@link SedMerge} finds that gives the same output (default true; the system property
     * {@code kvmrunner.sed.merge=false} turns it off).
     */
    public static final boolean MERGE_SED_DEFAULT = !"false".equals(System.getProperty("kvmrunner.sed.merge"));

    /** Whether sed scripts run in process where they can (system property {@code kvmrunner.sed.inprocess}). */
    public static final boolean IN_PROCESS_SED_DEFAULT = !"false".equals(System.getProperty("kvmrunner.sed.inprocess"));

    public Sanitizer(List<SanitizerScript> scripts, boolean appendNewline) {
        this(scripts, appendNewline, MERGE_SED_DEFAULT);
    }

    /** @param mergeSed run consecutive mergeable sed scripts as one process (see {@link SedMerge}) */
    public Sanitizer(List<SanitizerScript> scripts, boolean appendNewline, boolean mergeSed) {
        this(scripts, appendNewline, mergeSed, true);
    }

    private Sanitizer(List<SanitizerScript> scripts, boolean appendNewline, boolean mergeSed, boolean exportTestName) {
        this.scripts = List.copyOf(scripts);
        this.steps = PipelineStep.of(this.scripts, IN_PROCESS_SED_DEFAULT, mergeSed);
        this.appendNewline = appendNewline;
        this.mergeSed = mergeSed;
        this.exportTestName = exportTestName;
    }

    /** As libreswan's sanitizer.sh runs REF_CONSOLE_FIXUPS: no TESTNAME set; 2019's appends a newline. */
    public static Sanitizer libreswan(List<SanitizerScript> scripts, boolean appendNewline) {
        return new Sanitizer(scripts, appendNewline, MERGE_SED_DEFAULT, false);
    }

    public List<SanitizerScript> scripts() {
        return scripts;
    }

    public boolean appendNewline() {
        return appendNewline;
    }

    /**
     * Sanitizes the transcript file.
     *
     * @param transcript the raw console output ({@code <host>.console.verbose.txt})
     * @param testName given to the scripts as {@code TESTNAME}
     * @param timeout for the whole pipeline; when it passes every process is killed
     * @return the sanitized text (decoded as UTF-8; malformed bytes become U+FFFD)
     * @throws SanitizerException the pipeline could not start, failed or timed out
     * @throws InterruptedException the thread was interrupted; the processes were killed
     */
    public String run(Path transcript, String testName, Duration timeout)
            throws SanitizerException, InterruptedException {
        Objects.requireNonNull(transcript, "transcript");
        Objects.requireNonNull(testName, "testName");
        if (scripts.isEmpty()) {
            try {
                return finish(Files.readAllBytes(transcript));
            } catch (IOException e) {
                throw new SanitizerException("cannot read " + transcript + ": " + e.getMessage(), e);
            }
        }
        List<Path> temporary = new ArrayList<>();
        try {
            return finish(sanitize(transcript, testName, timeout, temporary));
        } catch (IOException e) {
            throw new SanitizerException("sanitizer for " + transcript + ": " + e.getMessage(), e);
        } finally {
            temporary.forEach(Sanitizer::deleteQuietly);
        }
    }

    /** The steps in turn: in process on text in memory, processes between files. */
    private byte[] sanitize(Path transcript, String testName, Duration timeout, List<Path> temporary)
            throws IOException, SanitizerException, InterruptedException {
        String text = null; // the current content as ISO-8859-1 chars, when in memory
        boolean ascii = false; // text is known to be ASCII
        Path file = transcript; // else the file holding it
        Deadline deadline = Deadline.of(timeout);
        int i = 0;
        while (i < steps.size()) {
            PipelineStep step = steps.get(i);
            if (step.program().isPresent()) {
                if (text == null) {
                    text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    ascii = false;
                }
                if (!ascii && !SedPrograms.BYTE_SEMANTICS) {
                    ascii = SedPrograms.byteSemantics(text);
                }
                if (ascii || SedPrograms.BYTE_SEMANTICS) {
                    try {
                        text = step.program().get().run(text, deadline);
                        ascii = ascii && step.program().get().keepsAscii();
                    } catch (dev.kvmrunner.judge.sed.SedStoppedException e) {
                        if (e.interrupted()) {
                            Thread.interrupted(); // the exception now says it
                            throw new InterruptedException(
                                    "sanitizer " + describe() + " on " + transcript + " interrupted");
                        }
                        throw new SanitizerException("sanitizer pipeline " + describe() + " on " + transcript
                                + " timed out after " + timeout);
                    }
                    i++;
                    continue;
                }
            }
            int end = i + 1;
            while (end < steps.size() && steps.get(end).program().isEmpty()) {
                end++;
            }
            if (text != null) {
                file = temporary(temporary, ".txt");
                Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
                text = null;
            }
            Path stdout = temporary(temporary, ".txt");
            Path stderr = temporary(temporary, ".err");
            if (end == i + 1 && step.forkable()) {
                try {
                    runForked(
                            step.scripts().get(0).file(),
                            file,
                            transcript,
                            testName,
                            deadline.remainingAtLeastAMillisecond(),
                            stdout,
                            stderr);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new SanitizerException(
                            "sanitizer pipeline " + describe() + " on " + transcript + " timed out after " + timeout);
                }
            } else {
                List<List<String>> commands = PipelineStep.commands(steps.subList(i, end), mergeSed);
                runPipeline(
                        commands, file, transcript, testName, deadline.remainingAtLeastAMillisecond(), stdout, stderr);
            }
            file = stdout;
            i = end;
        }
        return text != null ? text.getBytes(StandardCharsets.ISO_8859_1) : Files.readAllBytes(file);
    }

    private static Path temporary(List<Path> temporary, String suffix) throws IOException {
        Path file = Files.createTempFile("kvmrunner-sanitizer-", suffix);
        temporary.add(file);
        return file;
    }

    /** One perl script run by a {@link PerlForkServer}: the same checks as a pipeline of one. */
    private void runForked(
            Path script, Path input, Path transcript, String testName, Duration timeout, Path stdout, Path stderr)
            throws SanitizerException, InterruptedException, IOException, java.util.concurrent.TimeoutException {
        int status = PerlForkServer.run(script, input, stdout, stderr, exportTestName ? testName : null, timeout);
        String errors = new String(Files.readAllBytes(stderr), StandardCharsets.UTF_8);
        if (status != 0 || !errors.isEmpty()) {
            String what = status != 0 ? "perl " + script + " exited with status " + status : "wrote to stderr";
            throw new SanitizerException("sanitizer failed on " + transcript + ": " + what + stderrSuffix(errors));
        }
    }

    private void runPipeline(
            List<List<String>> commands,
            Path input,
            Path transcript,
            String testName,
            Duration timeout,
            Path stdout,
            Path stderr)
            throws SanitizerException, InterruptedException, IOException {
        List<ProcessBuilder> builders = new ArrayList<>(commands.size());
        for (List<String> command : commands) {
            ProcessBuilder builder = new ProcessBuilder(command);
            if (exportTestName) {
                builder.environment().put("TESTNAME", testName);
            }
            builder.redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
            builders.add(builder);
        }
        builders.get(0).redirectInput(input.toFile());
        builders.get(builders.size() - 1).redirectOutput(stdout.toFile());

        List<Process> processes;
        try {
            processes = ProcessBuilder.startPipeline(builders);
        } catch (IOException e) {
            throw new SanitizerException(
                    "cannot start sanitizer pipeline " + describe() + " on " + transcript + ": " + e.getMessage(), e);
        }
        Deadline deadline = Deadline.of(timeout);
        try {
            for (Process process : processes) {
                if (!deadline.waitFor(process)) {
                    destroy(processes);
                    throw new SanitizerException("sanitizer pipeline " + describe() + " on " + transcript
                            + " timed out after " + timeout + stderrSuffix(stderr));
                }
            }
        } catch (InterruptedException e) {
            destroy(processes);
            throw e;
        }

        List<String> failures = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            int status = processes.get(i).exitValue();
            boolean last = i == processes.size() - 1;
            if (status != 0 && (last || status != SIGPIPE_STATUS)) {
                failures.add(String.join(" ", commands.get(i)) + " exited with status " + status);
            }
        }
        String errors = new String(Files.readAllBytes(stderr), StandardCharsets.UTF_8);
        if (!failures.isEmpty() || !errors.isEmpty()) {
            String what = failures.isEmpty() ? "wrote to stderr" : String.join("; ", failures);
            throw new SanitizerException("sanitizer failed on " + transcript + ": " + what + stderrSuffix(errors));
        }
    }

    private String finish(byte[] output) {
        String text = new String(output, StandardCharsets.UTF_8);
        return appendNewline ? text + "\n" : text;
    }

    private static String stderrSuffix(Path stderr) {
        try {
            return stderrSuffix(new String(Files.readAllBytes(stderr), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "";
        }
    }

    private static String stderrSuffix(String errors) {
        String trimmed = errors.strip();
        return trimmed.isEmpty() ? "" : "; stderr: " + trimmed;
    }

    private static void destroy(List<Process> processes) {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }

    private String describe() {
        return scripts.stream().map(s -> String.join(" ", s.command())).collect(Collectors.joining(" | "));
    }

    @Override
    public String toString() {
        return "Sanitizer[" + describe() + (appendNewline ? "; echo" : "") + "]";
    }
}
