package dev.kvmrunner.judge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Verdicts kept from an earlier judging, so that {@code results} on an unchanged tree reads one
 * small file per test instead of its transcripts, sanitized output and expected output. An entry
 * is {@code OUTPUT/.kvmrunner-cache/verdict}, valid while its stamp matches.
 *
 * <p>The stamp is a SHA-256 over the request (test name, hosts, rules, quick), each host's
 * sanitizer fingerprint ({@link SanitizerSource#fingerprint}), the tools' fingerprint, and the
 * file status (name, size, modification and change time in nanoseconds, inode) of every regular
 * file in OUTPUT and of every {@code *.console.txt} in the test's directory: everything a
 * judgement reads. Status, not content, is what makes it cheap: as git's index does, it trusts
 * that a file whose size, times and inode are unchanged has unchanged content. A file changed
 * less than {@link #RACY} before the stamp is taken could change again within the clock's
 * granularity without its times showing it, so then there is no stamp and the test is judged
 * afresh, every time, until its files have settled.
 *
 * <p>An entry holds the result, the issues, the diffs and the sanitizer errors; not the
 * sanitized output (that stays in {@link SanitizedCache}). Callers that need the sanitized
 * output (saving it, comparing with a baseline, reports) do not use this cache. Failing to read
 * or write an entry only costs the cache.
 */
final class VerdictCache {

    static final String FILE = "verdict";
    private static final String HEADER = "kvmrunner verdict 1";
    /** Files changed this recently are not trusted by their status (see the class comment). */
    static final Duration RACY = Duration.ofSeconds(2);

    private VerdictCache() {}

    /**
     * The stamp of the request's files as they are now; empty when one of them changed within
     * {@link #RACY} of {@code now} or a directory cannot be read.
     *
     * @param fingerprints each judged host's sanitizer fingerprint, in the request's order
     */
    static Optional<String> stamp(JudgeRequest request, List<String> fingerprints, Instant now) {
        MessageDigest digest = SanitizedCache.sha256();
        StringBuilder text = new StringBuilder(1024);
        text.append(HEADER)
                .append('\n')
                .append(request.testName())
                .append('\n')
                .append(request.displayDirectory())
                .append('\n')
                .append(request.hosts())
                .append('\n')
                .append(request.quick())
                .append(' ')
                .append(request.mainRules())
                .append('\n')
                .append(ToolFingerprint.VALUE)
                .append('\n');
        fingerprints.forEach(f -> text.append(f).append('\n'));
        long racyAfter = TimeUnit.MILLISECONDS.toNanos(now.minus(RACY).toEpochMilli());
        try {
            if (!stampFiles(request.outputDirectory(), "*", racyAfter, text)
                    || !stampFiles(request.testDirectory(), "*.console.txt", racyAfter, text)) {
                return Optional.empty();
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        digest.update(text.toString().getBytes(StandardCharsets.UTF_8));
        return Optional.of(HexFormat.of().formatHex(digest.digest()));
    }

    /** Appends the status of the directory's regular files matching GLOB; false when one is racy. */
    private static boolean stampFiles(Path directory, String glob, long racyAfter, StringBuilder text)
            throws IOException {
        List<String> lines = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, glob)) {
            for (Path file : files) {
                Map<String, Object> status;
                try {
                    status = Files.readAttributes(file, "unix:isRegularFile,size,lastModifiedTime,ctime,ino");
                } catch (NoSuchFileException e) {
                    continue; // gone since the listing: it is not read either
                }
                if (!(Boolean) status.get("isRegularFile")) {
                    continue;
                }
                long modified = nanos(status.get("lastModifiedTime"));
                long changed = nanos(status.get("ctime"));
                if (modified > racyAfter || changed > racyAfter) {
                    return false;
                }
                lines.add(file.getFileName() + " " + status.get("size") + " " + modified + " " + changed + " "
                        + status.get("ino"));
            }
        } catch (NoSuchFileException e) {
            lines.add("(none)");
        }
        lines.sort(null); // listing order is the file system's
        text.append(directory).append('\n');
        lines.forEach(line -> text.append(line).append('\n'));
        return true;
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }

    /** The verdict kept under this stamp, if any. */
    static Optional<Verdict> get(Path outputDirectory, String stamp, List<String> hosts) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(
                    outputDirectory.resolve(SanitizedCache.DIRECTORY).resolve(FILE));
        } catch (IOException e) {
            return Optional.empty();
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), stamp, hosts);
    }

    /** Keeps the verdict under this stamp, replacing the entry there was. */
    static void put(Path outputDirectory, String stamp, Verdict verdict) {
        SanitizedCache.write(outputDirectory, FILE, format(stamp, verdict));
    }

    static String format(String stamp, Verdict verdict) {
        StringBuilder out = new StringBuilder();
        out.append(HEADER).append('\n');
        out.append("stamp\t").append(stamp).append('\n');
        out.append("result\t").append(verdict.result()).append('\n');
        verdict.issues()
                .toMap()
                .forEach((host, labels) -> labels.forEach(label -> out.append("issue\t")
                        .append(host)
                        .append('\t')
                        .append(label)
                        .append('\n')));
        verdict.sanitizerErrors()
                .forEach((host, message) -> block(out, "error", host, List.of(message.split("\n", -1))));
        verdict.diffs().forEach((host, lines) -> block(out, "diff", host, lines));
        out.append("end\n");
        return out.toString();
    }

    private static void block(StringBuilder out, String kind, String host, List<String> lines) {
        out.append(kind)
                .append('\t')
                .append(host)
                .append('\t')
                .append(lines.size())
                .append('\n');
        lines.forEach(line -> out.append(line).append('\n'));
    }

    /** The verdict in an entry's text when it has this stamp; empty when not, or when damaged or torn. */
    static Optional<Verdict> parse(String text, String stamp, List<String> hosts) {
        try {
            return parseEntry(text, stamp, hosts);
        } catch (RuntimeException e) {
            return Optional.empty(); // judged afresh and written again
        }
    }

    private static Optional<Verdict> parseEntry(String text, String stamp, List<String> hosts) {
        List<String> lines = List.of(text.split("\n", -1));
        if (lines.size() < 4
                || !lines.get(0).equals(HEADER)
                || !lines.get(1).equals("stamp\t" + stamp)
                || !lines.get(2).startsWith("result\t")) {
            return Optional.empty();
        }
        Verdict.Builder verdict = Verdict.builder(hosts)
                .passed()
                .atLeast(Result.parse(lines.get(2).substring(7)));
        int at = 3;
        while (true) {
            String[] fields = lines.get(at++).split("\t", -1);
            switch (fields[0]) {
                case "end":
                    return Optional.of(verdict.build());
                case "issue":
                    verdict.issue(fields[1], Issue.fromLabel(fields[2]).orElseThrow());
                    break;
                case "error":
                case "diff":
                    int count = Integer.parseInt(fields[2]);
                    List<String> block = lines.subList(at, at + count);
                    at += count;
                    if (fields[0].equals("diff")) {
                        verdict.diff(fields[1], List.copyOf(block));
                    } else {
                        verdict.sanitizerError(fields[1], String.join("\n", block));
                    }
                    break;
                default:
                    return Optional.empty();
            }
        }
    }
}
