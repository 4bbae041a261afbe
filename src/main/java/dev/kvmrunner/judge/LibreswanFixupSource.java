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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

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
 * every host of a test shares the result. Thread-safe.
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

    private static final String REF_CONSOLE_FIXUPS = "REF_CONSOLE_FIXUPS";

    private final Path defaultTestParams;
    /** 2019's sanitizer.sh echoes a newline after the pipeline; main's does not. */
    private final boolean newline;

    private final Path fixupDirectory;
    private final Duration evaluationTimeout;
    private final ConcurrentHashMap<Path, FutureTask<TestParams>> cache = new ConcurrentHashMap<>();
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
            fixups = all.toString();
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

    private TestParams testParams(Path testDirectory) throws InterruptedException {
        FutureTask<TestParams> task =
                cache.computeIfAbsent(testDirectory, directory -> new FutureTask<>(() -> evaluate(directory)));
        task.run(); // no-op when another thread already ran or is running it
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
