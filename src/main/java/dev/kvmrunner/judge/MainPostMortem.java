package dev.kvmrunner.judge;

import dev.kvmrunner.config.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Judges one test run as libreswan main's post.py ({@code TestResult.__init__}) does, where
 * it differs from 2019's (which {@link Judge} follows):
 * <ol>
 * <li>each host's {@code <host>.pluto.log} (main reads no compressed log):
 *     {@code ASSERTION FAILED}, {@code EXPECTATION FAILED}, {@code (null)} (PRINTF_NULL),
 *     a byte outside {@code [ -~\n]} (iscntrl), {@code leak detective found N leaks} (LEAK);
 *     each fails the test;</li>
 * <li>a test with an expected {@code all.console.txt} verifies only {@code all} (the merged
 *     transcript {@code all.console.verbose.txt}); otherwise every host;</li>
 * <li>per verified host: no transcript: output-missing, unresolved, next; in the transcript
 *     {@code [\r\n]CORE FOUND}, SEGFAULT, GPFAULT, ASSERTION, EXPECTATION, PRINTF_NULL and
 *     {@code FAIL: reference counts} (REFCNT: recorded, as main does, against the test's
 *     last host) fail it; the markers {@code >>>>>>>>>> TIMEOUT} fail it,
 *     {@code >>>>>>>>>> EOF} and {@code >>>>>>>>>> EXCEPTION} leave it unresolved; no done
 *     marker: output-truncated, unresolved;</li>
 * <li>every host's transcript, and {@code all}'s, is sanitized (a failure: sanitizer-failed,
 *     unresolved);</li>
 * <li>per verified host's sanitized output: PRINTF_NULL, iscntrl (a byte outside
 *     {@code [ -~\r\n\t]}) and a kernel {@code Call Trace:} (KERNEL) fail it; no expected
 *     output: output-unchecked, failed; unless some host is output-truncated, a difference
 *     fails it as output-whitespace or output-different.</li>
 * </ol>
 * Issues use main's names (TIMEOUT, PRINTF_NULL, iscntrl, ...). Quick mode reuses the saved
 * sanitized output and the saved {@code <host>.console.diff}, as main does.
 */
final class MainPostMortem {

    private static final String LHS = Markers.LHS;
    private static final Pattern CORE = Pattern.compile("[\r\n]CORE FOUND");
    private static final Pattern LOG_CONTROL = Pattern.compile("[^ -~\n]");
    private static final Pattern OUTPUT_CONTROL = Pattern.compile("[^ -~\r\n\t]");
    private static final Pattern LEAKS = Pattern.compile("leak detective found [0-9]+ leaks");
    private static final Pattern CALL_TRACE = Pattern.compile("\\[ *[0-9]+\\.[0-9]+\\] Call Trace:");

    private final Judge judge;
    private final JudgeRequest request;
    private final Verdict.Builder verdict;

    MainPostMortem(Judge judge, JudgeRequest request) {
        this.judge = judge;
        this.request = request;
        this.verdict = Verdict.builder(request.hosts());
    }

    Verdict judge() throws IOException, InterruptedException {
        Path output = request.outputDirectory();
        if (!Files.isDirectory(output)) {
            return verdict.untested().build();
        }
        verdict.passed();
        List<String> hosts = request.hosts();
        for (String host : hosts) {
            String log = Judge.readLatin1(output.resolve(host + ".pluto.log"));
            if (log == null) {
                continue;
            }
            issueIf(log.contains("ASSERTION FAILED"), host, Issue.ASSERTION, Result.FAILED);
            issueIf(log.contains("EXPECTATION FAILED"), host, Issue.EXPECTATION, Result.FAILED);
            issueIf(log.contains("(null)"), host, Issue.PRINTF_NULL_MAIN, Result.FAILED);
            issueIf(LOG_CONTROL.matcher(log).find(), host, Issue.ISCNTRL, Result.FAILED);
            issueIf(LEAKS.matcher(log).find(), host, Issue.LEAK, Result.FAILED);
        }

        boolean merged = Files.exists(request.testDirectory().resolve("all.console.txt"));
        List<String> verify = merged ? List.of("all") : hosts;
        String lastHost = hosts.isEmpty() ? "" : hosts.get(hosts.size() - 1);
        boolean truncated = false;
        Map<String, String> transcripts = new LinkedHashMap<>();
        for (String host : verify) {
            String transcript = Judge.readLatin1(output.resolve(host + ".console.verbose.txt"));
            if (transcript == null) {
                verdict.issue(host, Issue.OUTPUT_MISSING).atLeast(Result.UNRESOLVED);
                continue;
            }
            transcripts.put(host, transcript);
            issueIf(CORE.matcher(transcript).find(), host, Issue.CORE, Result.FAILED);
            issueIf(transcript.contains("SEGFAULT"), host, Issue.SEGFAULT, Result.FAILED);
            issueIf(transcript.contains("GPFAULT"), host, Issue.GPFAULT, Result.FAILED);
            issueIf(transcript.contains("ASSERTION FAILED"), host, Issue.ASSERTION, Result.FAILED);
            issueIf(transcript.contains("EXPECTATION FAILED"), host, Issue.EXPECTATION, Result.FAILED);
            issueIf(transcript.contains("(null)"), host, Issue.PRINTF_NULL_MAIN, Result.FAILED);
            issueIf(transcript.contains("FAIL: reference counts"), lastHost, Issue.REFCNT, Result.FAILED);
            issueIf(transcript.contains(LHS + " TIMEOUT"), host, Issue.TIMEOUT_MAIN, Result.FAILED);
            issueIf(transcript.contains(LHS + " EOF"), host, Issue.EOF, Result.UNRESOLVED);
            issueIf(transcript.contains(LHS + " EXCEPTION"), host, Issue.EXCEPTION, Result.UNRESOLVED);
            if (!transcript.contains(Markers.DONE)) {
                verdict.issue(host, Issue.OUTPUT_TRUNCATED).atLeast(Result.UNRESOLVED);
                truncated = true;
            }
        }

        Map<String, String> sanitized = new LinkedHashMap<>();
        List<String> sanitize = new java.util.ArrayList<>(hosts);
        if (merged) {
            sanitize.add("all");
        }
        for (String host : sanitize) {
            Path raw = output.resolve(host + ".console.verbose.txt");
            String transcript = transcripts.containsKey(host) ? transcripts.get(host) : Judge.readLatin1(raw);
            if (transcript == null) {
                continue;
            }
            String text = null;
            if (request.quick()) {
                text = readUtf8(output.resolve(host + ".console.txt"));
            }
            if (text == null) {
                try {
                    text = judge.sanitize(request, host, raw, transcript);
                } catch (SanitizerException | BadInputException e) {
                    verdict.sanitizerError(host, e.getMessage());
                    verdict.issue(host, Issue.SANITIZER_FAILED).atLeast(Result.UNRESOLVED);
                    continue;
                }
            }
            sanitized.put(host, text);
            verdict.sanitizedOutput(host, text);
        }

        for (String host : verify) {
            String text = sanitized.get(host);
            if (text == null) {
                continue;
            }
            issueIf(text.contains("(null)"), host, Issue.PRINTF_NULL_MAIN, Result.FAILED);
            issueIf(OUTPUT_CONTROL.matcher(text).find(), host, Issue.ISCNTRL, Result.FAILED);
            issueIf(CALL_TRACE.matcher(text).find(), host, Issue.KERNEL, Result.FAILED);
            String expected = readUtf8(request.testDirectory().resolve(host + ".console.txt"));
            if (expected == null) {
                verdict.issue(host, Issue.OUTPUT_UNCHECKED).atLeast(Result.FAILED);
                continue;
            }
            List<String> diff = null;
            if (request.quick()) {
                String saved = readUtf8(output.resolve(host + ".console.diff"));
                if (saved != null) {
                    diff = saved.isEmpty() ? List.of() : List.of(saved.split("\r\n|\r|\n", -1));
                }
            }
            if (diff == null) {
                diff = expected.equals(text)
                        ? List.of()
                        : Differ.unifiedDiff(
                                "MAIN/" + request.displayDirectory() + "/" + host + ".console.txt",
                                lines(expected),
                                "OUTPUT/" + request.displayDirectory() + "/" + host + ".console.txt",
                                lines(text));
            }
            verdict.diff(host, diff);
            if (!truncated && !diff.isEmpty()) {
                verdict.issue(
                                host,
                                Differ.equalIgnoringWhitespace(expected, text)
                                        ? Issue.OUTPUT_WHITESPACE
                                        : Issue.OUTPUT_DIFFERENT)
                        .atLeast(Result.FAILED);
            }
        }
        return verdict.build();
    }

    private void issueIf(boolean found, String host, Issue issue, Result result) {
        if (found) {
            verdict.issue(host, issue).atLeast(result);
        }
    }

    /** Python's bytes.splitlines() breaks at \r\n, \r and \n: as a text with only \n. */
    private static String lines(String text) {
        return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String readUtf8(Path file) throws IOException {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }
}
