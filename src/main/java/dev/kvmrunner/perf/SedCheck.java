package dev.kvmrunner.perf;

import dev.kvmrunner.judge.sed.SedProgram;
import dev.kvmrunner.judge.sed.SedPrograms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code kvmrunner bench sed}: the differential check of the in-process sed against GNU sed.
 * Every sed script given is run both ways on every input file; the outputs must be the same
 * bytes. Scripts the interpreter refuses are listed with the reason (they run as the real
 * program, so there is nothing to compare).
 */
public final class SedCheck {

    /** What the check found. */
    public record Report(
            int scripts, List<String> refused, int comparisons, List<String> differences, List<String> skipped) {}

    private SedCheck() {}

    /** Every {@code *.sed} file in these directories (not recursive) or the files themselves. */
    public static List<Path> scripts(List<Path> paths) throws IOException {
        List<Path> scripts = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    files.filter(f -> f.getFileName().toString().endsWith(".sed"))
                            .sorted()
                            .forEach(scripts::add);
                }
            } else {
                scripts.add(path);
            }
        }
        return scripts;
    }

    public static Report check(List<Path> scripts, List<Path> inputs, int jobs)
            throws IOException, InterruptedException {
        List<String> refused = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Path input : inputs) {
            texts.add(new String(Files.readAllBytes(input), StandardCharsets.ISO_8859_1));
        }
        ExecutorService executor = Executors.newFixedThreadPool(jobs);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (Path script : scripts) {
                SedPrograms.Parsed parsed = SedPrograms.forFiles(List.of(script));
                if (parsed.program().isEmpty()) {
                    refused.add(parsed.reason());
                    continue;
                }
                SedProgram program = parsed.program().get();
                for (int i = 0; i < inputs.size(); i++) {
                    Path input = inputs.get(i);
                    String text = texts.get(i);
                    if (!SedPrograms.byteSemantics(text)) {
                        skipped.add(script.getFileName() + " on " + input + ": not ASCII, the real sed runs");
                        continue;
                    }
                    results.add(executor.submit(() -> compare(script, input, program.run(text))));
                }
            }
            for (Future<String> result : results) {
                try {
                    String difference = result.get();
                    if (difference != null) {
                        differences.add(difference);
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    differences.add("failed: " + e.getCause());
                }
            }
        } finally {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
        return new Report(scripts.size(), refused, results.size(), differences, skipped);
    }

    /** Null when GNU sed's output is the same, else a description. */
    private static String compare(Path script, Path input, String ours) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sed", "-f", script.toString());
        builder.redirectInput(input.toFile());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        byte[] theirs = process.getInputStream().readAllBytes();
        int status = process.waitFor();
        String expected = new String(theirs, StandardCharsets.ISO_8859_1);
        if (status != 0) {
            return script + " on " + input + ": GNU sed exited " + status;
        }
        if (expected.equals(ours)) {
            return null;
        }
        int at = 0;
        while (at < ours.length() && at < expected.length() && ours.charAt(at) == expected.charAt(at)) {
            at++;
        }
        int lineStart = expected.lastIndexOf('\n', at - 1) + 1;
        return script + " on " + input + ": first difference at byte " + at + ", GNU sed: "
                + snippet(expected, lineStart) + " | in process: " + snippet(ours, lineStart);
    }

    private static String snippet(String text, int from) {
        if (from >= text.length()) {
            return "(end)";
        }
        int end = text.indexOf('\n', from);
        String line = text.substring(from, end < 0 ? text.length() : end);
        return "\"" + (line.length() > 120 ? line.substring(0, 120) + "..." : line) + "\"";
    }

    /** For tests: one script's output both ways. */
    static Optional<String> inProcess(Path script, String input) {
        return SedPrograms.forFiles(List.of(script)).program().map(p -> p.run(input));
    }
}
