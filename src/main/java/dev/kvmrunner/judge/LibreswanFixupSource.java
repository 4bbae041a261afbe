package dev.kvmrunner.judge;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.domain.ExternalCommand;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * libreswan's sanitizers: the fixups named by {@code REF_CONSOLE_FIXUPS}, or by
 * {@code <HOST>_CONSOLE_FIXUPS} when that is set and not empty, as left by sourcing the
 * test's {@code testparams.sh} (from the test directory, so it can source
 * {@code ../../default-testparams.sh}) or, when the test has none,
 * {@code <testing>/default-testparams.sh}. Fixups are files in {@code <testing>/sanitizers}:
 * {@code .sed} runs as {@code sed -f}, {@code .sed-n} as {@code sed -n -f}, {@code .awk} as
 * {@code gawk -f}, {@code .pl} as {@code perl}; libreswan main's {@code .sed-f} fixups run as
 * one {@code sed -f a -f b}. Like 2019's sanitizer.sh, one newline is appended to the
 * pipeline's output (main's does not), and
 * {@code TESTNAME} is not set.
 *
 * <p>The shell variables are evaluated by running {@code bash} with a constant script and the
 * directories as arguments (no shell string is built from names), once per test directory:
 * every host of a test shares the result. Tests announced with {@link #expect} are
 * evaluated {@value #BATCH} at a time in one {@code bash}, each in its own subshell (a
 * fork, not a new bash): starting bash and reading its output cost more than sourcing.
 * A test whose subshell failed, or every test of a batch that wrote to stderr, is evaluated
 * again alone, so errors read as before. Thread-safe.
 *
 * <p>Not copied from sanitizer.sh: the fixup list is split on white space but not
 * glob-expanded; a single fixup directory is searched.
 */
public final class LibreswanFixupSource implements SanitizerSource {

    /** Sources the test parameters like sanitizer.sh and prints every *_CONSOLE_FIXUPS variable. */
    private static final String EVALUATE = String.join(
            "\n",
            "set -eu",
            "testdir=$1",
            "defaults=$2",
            "set --",
            "if [ -f \"$testdir/testparams.sh\" ]; then",
            "    cd \"$testdir\"",
            "    . ./testparams.sh >/dev/null",
            "else",
            "    . \"$defaults\" >/dev/null",
            "fi",
            "for kvmrunner_name in $(compgen -v); do",
            "    case $kvmrunner_name in",
            "        *_CONSOLE_FIXUPS) printf '%s=%s\\0' \"$kvmrunner_name\" \"${!kvmrunner_name-}\" ;;",
            "    esac",
            "done",
            "");

    /**
     * The same for many test directories (the arguments after the defaults), each in a
     * subshell between markers: {@code \0kvmrunner-test=I\0}, its variables,
     * {@code \0kvmrunner-status=S\0}. The subshell's stderr is the batch's.
     */
    private static final String EVALUATE_MANY = String.join(
            "\n",
            "defaults=$1",
            "shift",
            "kvmrunner_index=0",
            "for kvmrunner_testdir in \"$@\"; do",
            "    printf '\\0kvmrunner-test=%s\\0' \"$kvmrunner_index\"",
            "    (",
            "        set -eu",
            "        testdir=$kvmrunner_testdir",
            "        set --",
            "        if [ -f \"$testdir/testparams.sh\" ]; then",
            "            cd \"$testdir\"",
            "            . ./testparams.sh >/dev/null",
            "        else",
            "            . \"$defaults\" >/dev/null",
            "        fi",
            "        for kvmrunner_name in $(compgen -v); do",
            "            case $kvmrunner_name in",
            "                *_CONSOLE_FIXUPS) printf '%s=%s\\0' \"$kvmrunner_name\" \"${!kvmrunner_name-}\" ;;",
            "            esac",
            "        done",
            "    )",
            "    printf '\\0kvmrunner-status=%s\\0' \"$?\"",
            "    kvmrunner_index=$((kvmrunner_index + 1))",
            "done",
            "");

    /** Test directories evaluated in one bash at most. */
    static final int BATCH = 32;

    private static final String REF_CONSOLE_FIXUPS = "REF_CONSOLE_FIXUPS";

    private final Path defaultTestParams;
    /** 2019's sanitizer.sh echoes a newline after the pipeline; main's does not. */
    private final boolean newline;

    private final Path fixupDirectory;
    private final Duration evaluationTimeout;
    private final ConcurrentHashMap<Path, CompletableFuture<TestParams>> cache = new ConcurrentHashMap<>();
    /** The test directories announced by {@link #expect}, in order; guarded by this. */
    private final List<Path> expected = new ArrayList<>();

    private final Map<Path, Integer> positions = new HashMap<>();
    /**
     * The sanitizer of each fixup list, made once per source as the fingerprint is: most tests
     * share one list, and making a sanitizer looks at every script file.
     */
    private final ConcurrentHashMap<String, Sanitizer> sanitizers = new ConcurrentHashMap<>();

    /** The variables a test's parameters define, and the file that defined them. */
    private record TestParams(Path file, Map<String, String> fixups) {}

    /** @param testingDirectory libreswan's {@code testing/} (holds default-testparams.sh, sanitizers/) */
    public LibreswanFixupSource(Path testingDirectory) {
        this(testingDirectory, Timeouts.DEFAULTS.localCommand(), false);
    }

    /**
     * @param testingDirectory libreswan's {@code testing/}
     * @param main libreswan main's sanitizer.sh: no newline appended (2019's appends one)
     */
    public LibreswanFixupSource(Path testingDirectory, boolean main) {
        this(testingDirectory, Timeouts.DEFAULTS.localCommand(), main);
    }

    /**
     * @param testingDirectory libreswan's {@code testing/}
     * @param evaluationTimeout how long sourcing one test's parameters may take
     */
    public LibreswanFixupSource(Path testingDirectory, Duration evaluationTimeout) {
        this(testingDirectory, evaluationTimeout, false);
    }

    /** As above; sourcing a test's parameters may take EVALUATION_TIMEOUT. */
    public LibreswanFixupSource(Path testingDirectory, Duration evaluationTimeout, boolean main) {
        this.newline = !main;
        Path testing = testingDirectory.toAbsolutePath().normalize();
        this.defaultTestParams = testing.resolve("default-testparams.sh");
        this.fixupDirectory = testing.resolve("sanitizers");
        this.evaluationTimeout = evaluationTimeout;
    }

    public Path fixupDirectory() {
        return fixupDirectory;
    }

    /** The sanitizers directory's files and their contents, hashed once per source. */
    private volatile String fixupsFingerprint;

    /**
     * The test's testparams.sh, default-testparams.sh and every file of the sanitizers
     * directory (by content): everything sourcing can pick the fixups from, without sourcing.
     */
    @Override
    public java.util.Optional<String> fingerprint(String testName, Path testDirectory, String host) {
        String fixups = fixupsFingerprint;
        if (fixups == null) {
            StringBuilder all = new StringBuilder();
            try (java.util.stream.Stream<Path> files = Files.list(fixupDirectory)) {
                files.sorted()
                        .forEach(file -> all.append(file.getFileName())
                                .append('=')
                                .append(SanitizedCache.fileHash(file))
                                .append(';'));
            } catch (IOException e) {
                return java.util.Optional.empty();
            }
            // one hash of them all: the fingerprint goes into every host's cache keys
            fixups = "fixups=" + SanitizedCache.hash(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            fixupsFingerprint = fixups;
        }
        Path params = testDirectory.toAbsolutePath().normalize().resolve("testparams.sh");
        return java.util.Optional.of("libreswan;" + newline + ";testparams=" + SanitizedCache.fileHash(params)
                + ";default=" + SanitizedCache.fileHash(defaultTestParams) + ";" + fixups);
    }

    @Override
    public Sanitizer sanitizerFor(String testName, Path testDirectory, String host) throws InterruptedException {
        TestParams params = testParams(testDirectory.toAbsolutePath().normalize());
        String variable = hostVariable(host);
        String fixups = params.fixups().getOrDefault(variable, "");
        if (fixups.isEmpty()) {
            variable = REF_CONSOLE_FIXUPS;
            fixups = params.fixups().getOrDefault(REF_CONSOLE_FIXUPS, "");
        }
        Sanitizer known = sanitizers.get(fixups);
        if (known != null) {
            return known;
        }
        List<SanitizerScript> scripts = new ArrayList<>();
        for (String fixup : fixups.trim().split("\\s+")) {
            if (fixup.isEmpty()) {
                continue;
            }
            try {
                scripts.add(SanitizerScript.of(fixupDirectory.resolve(fixup), "fixup"));
            } catch (BadInputException e) {
                throw new BadInputException(
                        e.getMessage() + " (named by " + variable + " after sourcing " + params.file() + ")", e);
            }
        }
        if (scripts.isEmpty()) {
            throw new BadInputException(params.file() + ": $" + REF_CONSOLE_FIXUPS + " empty");
        }
        Sanitizer sanitizer = Sanitizer.libreswan(scripts, newline);
        sanitizers.putIfAbsent(fixups, sanitizer);
        return sanitizer;
    }

    /** {@code east} → {@code EAST_CONSOLE_FIXUPS} (ASCII upper case only, like {@code tr a-z A-Z}). */
    static String hostVariable(String host) {
        StringBuilder name = new StringBuilder(host.length() + 16);
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            name.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
        }
        return name.append("_CONSOLE_FIXUPS").toString();
    }

    /** Announces a test whose parameters will be asked for: it may be evaluated with others. */
    @Override
    public synchronized void expect(Path testDirectory) {
        Path directory = testDirectory.toAbsolutePath().normalize();
        if (!positions.containsKey(directory)) {
            positions.put(directory, expected.size());
            expected.add(directory);
        }
    }

    private TestParams testParams(Path testDirectory) throws InterruptedException {
        CompletableFuture<TestParams> mine = new CompletableFuture<>();
        CompletableFuture<TestParams> task = cache.putIfAbsent(testDirectory, mine);
        if (task == null) {
            task = mine;
            evaluate(claim(testDirectory, mine));
        }
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException) {
                cache.remove(testDirectory, task); // not the test's fault: evaluate again next time
                Thread.currentThread().interrupt();
                throw new InterruptedException("evaluating test parameters of " + testDirectory + " was interrupted");
            }
            if (cause instanceof BadInputException bad) {
                throw bad;
            }
            throw new IllegalStateException("evaluating test parameters of " + testDirectory, cause);
        }
    }

    /** FIRST and the announced tests after it that nobody evaluates yet, up to {@link #BATCH}. */
    private synchronized Map<Path, CompletableFuture<TestParams>> claim(
            Path first, CompletableFuture<TestParams> task) {
        Map<Path, CompletableFuture<TestParams>> batch = new LinkedHashMap<>();
        batch.put(first, task);
        Integer position = positions.get(first);
        for (int i = position == null ? expected.size() : position + 1;
                i < expected.size() && batch.size() < BATCH;
                i++) {
            CompletableFuture<TestParams> next = new CompletableFuture<>();
            if (cache.putIfAbsent(expected.get(i), next) == null) {
                batch.put(expected.get(i), next);
            }
        }
        return batch;
    }

    /** Completes every task of BATCH: together in one bash, then alone what that did not settle. */
    private void evaluate(Map<Path, CompletableFuture<TestParams>> batch) {
        Map<Path, TestParams> together = Map.of();
        InterruptedException interrupted = null;
        if (batch.size() > 1) {
            try {
                together = evaluateTogether(List.copyOf(batch.keySet()));
            } catch (InterruptedException e) {
                interrupted = e;
            } catch (IOException | RuntimeException e) {
                // each alone, below: its own error message, as without batches
            }
        }
        for (Map.Entry<Path, CompletableFuture<TestParams>> entry : batch.entrySet()) {
            Path directory = entry.getKey();
            CompletableFuture<TestParams> task = entry.getValue();
            TestParams params = together.get(directory);
            if (params != null) {
                task.complete(params);
                continue;
            }
            if (interrupted == null) {
                try {
                    task.complete(evaluate(directory));
                    continue;
                } catch (InterruptedException e) {
                    interrupted = e;
                } catch (IOException | RuntimeException e) {
                    task.completeExceptionally(e);
                    continue;
                }
            }
            cache.remove(directory, task); // interrupted: evaluate again next time
            task.completeExceptionally(interrupted);
        }
    }

    /**
     * The parameters of the tests of DIRECTORIES whose subshell exited 0, by directory; none
     * when anything wrote to stderr (it cannot be told whose it was).
     */
    private Map<Path, TestParams> evaluateTogether(List<Path> directories) throws InterruptedException, IOException {
        List<String> command = new ArrayList<>(
                List.of("bash", "-c", EVALUATE_MANY, "kvmrunner-testparams", defaultTestParams.toString()));
        directories.forEach(directory -> command.add(directory.toString()));
        ExternalCommand.Outcome outcome = ExternalCommand.run(command, null, Map.of(), null, false, evaluationTimeout);
        if (!outcome.ok() || !outcome.stderr().isEmpty()) {
            return Map.of();
        }
        Map<Path, TestParams> found = new HashMap<>();
        Map<String, String> fixups = null;
        int index = -1;
        for (String entry : outcome.stdout().split("\0")) {
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.startsWith("kvmrunner-test=")) {
                index = Integer.parseInt(entry.substring("kvmrunner-test=".length()));
                fixups = new HashMap<>();
            } else if (entry.startsWith("kvmrunner-status=")) {
                if (fixups != null && entry.equals("kvmrunner-status=0")) {
                    Path directory = directories.get(index);
                    Path testParams = directory.resolve("testparams.sh");
                    found.put(
                            directory,
                            new TestParams(
                                    Files.isRegularFile(testParams) ? testParams : defaultTestParams,
                                    Map.copyOf(fixups)));
                }
                fixups = null;
            } else if (fixups != null && FIXUP_VARIABLE.matcher(entry).lookingAt()) {
                int equals = entry.indexOf('=');
                fixups.put(entry.substring(0, equals), entry.substring(equals + 1));
            } else {
                fixups = null; // not what the script prints: that test alone
            }
        }
        return found;
    }

    private static final java.util.regex.Pattern FIXUP_VARIABLE =
            java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*_CONSOLE_FIXUPS=");

    private TestParams evaluate(Path testDirectory) throws InterruptedException, IOException {
        Path testParams = testDirectory.resolve("testparams.sh");
        Path sourced = Files.isRegularFile(testParams) ? testParams : defaultTestParams;
        ExternalCommand.Outcome outcome;
        try {
            outcome = ExternalCommand.run(
                    List.of(
                            "bash",
                            "-c",
                            EVALUATE,
                            "kvmrunner-testparams",
                            testDirectory.toString(),
                            defaultTestParams.toString()),
                    null,
                    Map.of(),
                    null,
                    false,
                    evaluationTimeout);
        } catch (ExternalCommand.TimedOut e) {
            throw new BadInputException(sourced + ": sourcing timed out after " + evaluationTimeout);
        }
        String errors = outcome.stderr().strip();
        if (!outcome.ok() || !errors.isEmpty()) {
            throw new BadInputException(sourced + ": sourcing failed (bash exit status " + outcome.status() + ")"
                    + (errors.isEmpty() ? "" : ": " + errors));
        }
        Map<String, String> fixups = new HashMap<>();
        String output = outcome.stdout();
        for (String entry : output.split("\0")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                fixups.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return new TestParams(sourced, Map.copyOf(fixups));
    }

    @Override
    public String toString() {
        return "libreswan fixups from " + fixupDirectory;
    }
}
