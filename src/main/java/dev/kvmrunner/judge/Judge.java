package dev.kvmrunner.judge;

import dev.kvmrunner.config.BadInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Judges a test run from its OUTPUT directory, following libreswan's post.py
 * ({@code TestResult.__init__}):
 * <ol>
 * <li>no OUTPUT directory: untested, nothing else is checked;</li>
 * <li>otherwise passed until proven otherwise, and per host:</li>
 * <li>{@code <host>.pluto.log} (or {@code .gz}) with {@code ASSERTION FAILED}: ASSERTION,
 *     failed; {@code EXPECTATION FAILED}: EXPECTATION (result unchanged); {@code (null)}:
 *     %NULL, failed;</li>
 * <li>no transcript {@code <host>.console.verbose.txt}: output-missing, unresolved, next host;</li>
 * <li>in the transcript: {@code CORE FOUND} after a line break: CORE; {@code SEGFAULT};
 *     {@code GPFAULT}; {@code [ 12.345] Call Trace:}: KERNEL; each failed;</li>
 * <li>the runner's timeout marker: timeout, failed; no DONE marker: output-truncated,
 *     unresolved (the rest is still checked);</li>
 * <li>sanitize (quick: reuse {@code OUTPUT/<host>.console.txt} when present); failure:
 *     sanitizer-failed, unresolved, next host;</li>
 * <li>{@code (null)} in the sanitized output: %NULL, failed;</li>
 * <li>no expected {@code <test>/<host>.console.txt}: output-unchecked, unresolved, next host;</li>
 * <li>a unified diff: failed, and output-whitespace when only white space differs, else
 *     output-different.</li>
 * </ol>
 * Deliberately different: quick mode recomputes the diff instead of reusing an old
 * {@code <host>.console.diff} (it is cheap and cannot be stale); {@code .bz2} pluto logs are
 * not read; a sanitizer source that cannot name the scripts (missing fixup, empty
 * REF_CONSOLE_FIXUPS) is recorded as sanitizer-failed like sanitizer.sh's exit 1.
 *
 * <p>Thread-safe: one Judge can judge many tests at once. Each host reads each of its files
 * once and runs one sanitizer pipeline; the hosts of one test run on the executor given (the
 * calling thread by default) and are merged in the test's host order, so the verdict does
 * not depend on scheduling.
 */
public final class Judge {

    /** Written by the runner after the last script; its absence means output-truncated. */
    public static final String DONE_MARKER = Markers.DONE;
    /** Start of the runner's line when a command timed out. */
    public static final String TIMEOUT_MARKER = Markers.LHS + " " + Markers.TIMEOUT;

    private static final Pattern KERNEL_CALL_TRACE = Pattern.compile("\\[ *\\d+\\.\\d+\\] Call Trace:");

    private final SanitizerSource sanitizers;
    private final Duration sanitizerTimeout;
    private final Executor hostExecutor;
    private final boolean cache;
    private final boolean verdicts;
    private final Clock clock;

    /** What a judge keeps in OUTPUT for the next judging of the same files. */
    public enum Caching {
        /** nothing */
        NONE,
        /** sanitized transcripts ({@link SanitizedCache}) */
        SANITIZED,
        /**
         * sanitized transcripts and verdicts ({@link VerdictCache}); a verdict from the cache
         * carries no sanitized output, so only for callers that do not use it
         */
        VERDICTS
    }

    /** A judge that judges a test's hosts one after the other on the calling thread. */
    public Judge(SanitizerSource sanitizers, Duration sanitizerTimeout) {
        this(sanitizers, sanitizerTimeout, Runnable::run);
    }

    /** @param cache keep and reuse sanitized transcripts in OUTPUT ({@link SanitizedCache}) */
    public Judge(SanitizerSource sanitizers, Duration sanitizerTimeout, boolean cache) {
        this(sanitizers, sanitizerTimeout, Runnable::run, cache ? Caching.SANITIZED : Caching.NONE, Clock.systemUTC());
    }

    /** @param caching what to keep and reuse in OUTPUT */
    public Judge(SanitizerSource sanitizers, Duration sanitizerTimeout, Caching caching) {
        this(sanitizers, sanitizerTimeout, Runnable::run, caching, Clock.systemUTC());
    }

    /** As above, telling the time (whether a file changed too recently for the verdict cache) by CLOCK. */
    Judge(SanitizerSource sanitizers, Duration sanitizerTimeout, Caching caching, Clock clock) {
        this(sanitizers, sanitizerTimeout, Runnable::run, caching, clock);
    }

    /**
     * @param sanitizers which sanitizer scripts to run for each host
     * @param sanitizerTimeout how long one host's sanitizer pipeline may take
     * @param hostExecutor runs the hosts of one test (may be parallel)
     */
    public Judge(SanitizerSource sanitizers, Duration sanitizerTimeout, Executor hostExecutor) {
        this(sanitizers, sanitizerTimeout, hostExecutor, Caching.NONE, Clock.systemUTC());
    }

    private Judge(
            SanitizerSource sanitizers,
            Duration sanitizerTimeout,
            Executor hostExecutor,
            Caching caching,
            Clock clock) {
        this.clock = clock;
        this.cache = caching != Caching.NONE;
        this.verdicts = caching == Caching.VERDICTS;
        this.sanitizers = Objects.requireNonNull(sanitizers, "sanitizers");
        this.sanitizerTimeout = Objects.requireNonNull(sanitizerTimeout, "sanitizerTimeout");
        this.hostExecutor = Objects.requireNonNull(hostExecutor, "hostExecutor");
    }

    /**
     * Judges one test run. Writes nothing; see {@link dev.kvmrunner.results.SavedOutput#save}.
     *
     * @throws IOException a file that exists could not be read (the machine's problem, not the test's)
     * @throws InterruptedException the thread was interrupted; sanitizer processes were killed
     */
    public Verdict judge(JudgeRequest request) throws IOException, InterruptedException {
        if (!verdicts || !Files.isDirectory(request.outputDirectory())) {
            return judgeAfresh(request);
        }
        Optional<List<String>> fingerprints = fingerprints(request);
        if (fingerprints.isEmpty()) {
            return judgeAfresh(request);
        }
        Optional<String> stamp = VerdictCache.stamp(request, fingerprints.get(), clock.instant());
        if (stamp.isPresent()) {
            Optional<Verdict> kept = VerdictCache.get(request.outputDirectory(), stamp.get(), request.hosts());
            if (kept.isPresent()) {
                return kept.get();
            }
        }
        Verdict verdict = judgeAfresh(request);
        // kept only when no file changed while it was judged
        if (stamp.isPresent() && stamp.equals(VerdictCache.stamp(request, fingerprints.get(), clock.instant()))) {
            VerdictCache.put(request.outputDirectory(), stamp.get(), verdict);
        }
        return verdict;
    }

    /** Each judged host's sanitizer fingerprint (main's merged transcript too); empty when one has none. */
    private Optional<List<String>> fingerprints(JudgeRequest request) {
        List<String> hosts = new ArrayList<>(request.hosts());
        if (request.mainRules()) {
            hosts.add("all");
        }
        List<String> fingerprints = new ArrayList<>(hosts.size());
        for (String host : hosts) {
            Optional<String> fingerprint = sanitizers.fingerprint(request.testName(), request.testDirectory(), host);
            if (fingerprint.isEmpty()) {
                return Optional.empty();
            }
            fingerprints.add(host + "=" + fingerprint.get());
        }
        return Optional.of(fingerprints);
    }

    private Verdict judgeAfresh(JudgeRequest request) throws IOException, InterruptedException {
        if (request.mainRules()) {
            return new MainPostMortem(this, request).judge();
        }
        Verdict.Builder verdict = Verdict.builder(request.hosts());
        if (!Files.isDirectory(request.outputDirectory())) {
            return verdict.untested().build();
        }
        verdict.passed();
        List<FutureTask<HostJudgement>> tasks = new ArrayList<>(request.hosts().size());
        for (String host : request.hosts()) {
            FutureTask<HostJudgement> task = new FutureTask<>(() -> judgeHost(request, host));
            tasks.add(task);
            hostExecutor.execute(task);
        }
        try {
            for (FutureTask<HostJudgement> task : tasks) {
                task.get().addTo(verdict);
            }
        } catch (InterruptedException e) {
            tasks.forEach(task -> task.cancel(true));
            throw e;
        } catch (ExecutionException e) {
            tasks.forEach(task -> task.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
        return verdict.build();
    }

    /** What one host contributes to the verdict; confined to the thread judging the host. */
    private static final class HostJudgement {
        final String host;
        Result worst = Result.PASSED;
        final List<Issue> issues = new ArrayList<>();
        List<String> diff;
        String sanitized;
        String sanitizerError;

        HostJudgement(String host) {
            this.host = host;
        }

        void issue(Issue issue, Result atLeast) {
            issues.add(issue);
            if (atLeast.compareTo(worst) > 0) {
                worst = atLeast;
            }
        }

        void addTo(Verdict.Builder verdict) {
            verdict.atLeast(worst);
            issues.forEach(issue -> verdict.issue(host, issue));
            if (diff != null) {
                verdict.diff(host, diff);
            }
            if (sanitized != null) {
                verdict.sanitizedOutput(host, sanitized);
            }
            if (sanitizerError != null) {
                verdict.sanitizerError(host, sanitizerError);
            }
        }
    }

    private HostJudgement judgeHost(JudgeRequest request, String host) throws IOException, InterruptedException {
        HostJudgement judgement = new HostJudgement(host);
        Path output = request.outputDirectory();
        checkPlutoLog(output, host, judgement);

        Path transcriptFile = output.resolve(host + ".console.verbose.txt");
        String transcript = readLatin1(transcriptFile);
        if (transcript == null) {
            judgement.issue(Issue.OUTPUT_MISSING, Result.UNRESOLVED);
            return judgement;
        }
        checkTranscript(transcript, judgement);

        String sanitized = null;
        if (request.quick()) {
            sanitized = readText(output.resolve(host + ".console.txt"));
        }
        if (sanitized == null) {
            try {
                sanitized = sanitize(request, host, transcriptFile, transcript);
            } catch (SanitizerException | BadInputException e) {
                judgement.sanitizerError = e.getMessage();
                judgement.issue(Issue.SANITIZER_FAILED, Result.UNRESOLVED);
                return judgement;
            }
        }
        judgement.sanitized = sanitized;
        if (sanitized.contains("(null)")) {
            judgement.issue(Issue.PRINTF_NULL, Result.FAILED);
        }

        String expected = readText(request.testDirectory().resolve(host + ".console.txt"));
        if (expected == null) {
            judgement.issue(Issue.OUTPUT_UNCHECKED, Result.UNRESOLVED);
            return judgement;
        }
        String file = request.displayDirectory() + "/" + host + ".console.txt";
        List<String> diff = Differ.unifiedDiff("MASTER/" + file, expected, "OUTPUT/" + file, sanitized);
        if (!diff.isEmpty()) {
            judgement.diff = diff;
            judgement.issue(
                    Differ.equalIgnoringWhitespace(expected, sanitized)
                            ? Issue.OUTPUT_WHITESPACE
                            : Issue.OUTPUT_DIFFERENT,
                    Result.FAILED);
        }
        return judgement;
    }

    /**
     * The host's transcript sanitized: from the cache when it holds this transcript sanitized
     * by these scripts, else by running the sanitizer (and keeping the result).
     *
     * @param transcript the transcript's bytes as ISO-8859-1 chars
     */
    String sanitize(JudgeRequest request, String host, Path transcriptFile, String transcript)
            throws SanitizerException, InterruptedException {
        String key = null;
        if (cache) {
            Optional<String> fingerprint = sanitizers.fingerprint(request.testName(), request.testDirectory(), host);
            if (fingerprint.isPresent()) {
                key = SanitizedCache.key(
                        transcript.getBytes(StandardCharsets.ISO_8859_1),
                        request.testName(),
                        host,
                        fingerprint.get() + ";" + ToolFingerprint.VALUE);
                Optional<String> cached = SanitizedCache.get(request.outputDirectory(), host, key);
                if (cached.isPresent()) {
                    return cached.get();
                }
            }
        }
        Sanitizer sanitizer = sanitizers.sanitizerFor(request.testName(), request.testDirectory(), host);
        String sanitized = sanitizer.run(transcriptFile, request.testName(), sanitizerTimeout);
        if (key != null) {
            SanitizedCache.put(request.outputDirectory(), host, key, sanitized);
        }
        return sanitized;
    }

    private static void checkTranscript(String transcript, HostJudgement judgement) {
        if (coreFound(transcript)) {
            judgement.issue(Issue.CORE, Result.FAILED);
        }
        if (transcript.contains("SEGFAULT")) {
            judgement.issue(Issue.SEGFAULT, Result.FAILED);
        }
        if (transcript.contains("GPFAULT")) {
            judgement.issue(Issue.GPFAULT, Result.FAILED);
        }
        if (transcript.contains("Call Trace:")
                && KERNEL_CALL_TRACE.matcher(transcript).find()) {
            judgement.issue(Issue.KERNEL, Result.FAILED);
        }
        if (transcript.contains(TIMEOUT_MARKER)) {
            judgement.issue(Issue.TIMEOUT, Result.FAILED);
        }
        if (!transcript.contains(DONE_MARKER)) {
            judgement.issue(Issue.OUTPUT_TRUNCATED, Result.UNRESOLVED);
        }
    }

    /** {@code [\r\n]CORE FOUND}: at the start of a line other than the first. */
    private static boolean coreFound(String transcript) {
        for (int at = transcript.indexOf("CORE FOUND", 1); at > 0; at = transcript.indexOf("CORE FOUND", at + 1)) {
            char before = transcript.charAt(at - 1);
            if (before == '\n' || before == '\r') {
                return true;
            }
        }
        return false;
    }

    private static void checkPlutoLog(Path output, String host, HostJudgement judgement) throws IOException {
        Path log = output.resolve(host + ".pluto.log");
        Path gz = output.resolve(host + ".pluto.log.gz");
        InputStream in;
        if (Files.isRegularFile(log)) {
            in = Files.newInputStream(log);
        } else if (Files.isRegularFile(gz)) {
            in = new GZIPInputStream(Files.newInputStream(gz));
        } else {
            return;
        }
        boolean assertion = false;
        boolean expectation = false;
        boolean printfNull = false;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1 << 16)) {
            String line;
            while (!(assertion && expectation && printfNull) && (line = reader.readLine()) != null) {
                assertion |= line.contains("ASSERTION FAILED");
                expectation |= line.contains("EXPECTATION FAILED");
                printfNull |= line.contains("(null)");
            }
        }
        if (assertion) {
            judgement.issue(Issue.ASSERTION, Result.FAILED);
        }
        if (expectation) {
            judgement.issue(Issue.EXPECTATION, Result.PASSED); // libreswan lets these pass
        }
        if (printfNull) {
            judgement.issue(Issue.PRINTF_NULL, Result.FAILED);
        }
    }

    /** The file as bytes-as-chars (for grepping ASCII markers), or null when it does not exist. */
    static String readLatin1(Path file) throws IOException {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * The file as text the way python's {@code open()} reads it: UTF-8 (malformed bytes become
     * U+FFFD) with universal newlines ({@code \r\n} and {@code \r} become {@code \n}); null
     * when it does not exist.
     */
    static String readText(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\r') < 0) {
            return text;
        }
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }
}
