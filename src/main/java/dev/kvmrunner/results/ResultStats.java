package dev.kvmrunner.results;

import dev.kvmrunner.judge.Issue;
import dev.kvmrunner.judge.Verdict;
import java.io.PrintWriter;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The statistics {@code results --stats} prints to stderr, counted as libreswan's
 * {@code fab/stats.py Results} counts them: each key ({@code total},
 * {@code total/failed}, {@code total/failed/good}, {@code total/failed/good/output-different})
 * holds the set of tests (and, for issue keys, the hosts) it applies to.
 * {@code summary}: {@code key: count} per key, sorted; {@code details}: the test names of each
 * key, per host for the issue keys. Not thread-safe.
 */
public final class ResultStats {

    /** key → test name → hosts ("" for keys without hosts). */
    private final SortedMap<String, SortedMap<String, SortedSet<String>>> counts = new TreeMap<>();

    /** Counts a judged (not skipped) test. */
    public void add(String testName, String status, Verdict verdict) {
        count(testName, status, verdict);
    }

    /** Counts a test skipped because of its result (libreswan's add_skipped). */
    public void addSkipped(String testName, String status, Verdict verdict) {
        count(testName, status, verdict);
        add(testName, "", "status", status, "skipped", "previous=" + verdict.result());
    }

    private void count(String testName, String status, Verdict verdict) {
        String result = verdict.result().toString();
        add(testName, "", "total");
        add(testName, "", "total", result);
        add(testName, "", "total", result, status);
        for (String host : verdict.issues().hosts()) {
            for (Issue issue : verdict.issues().forHost(host)) {
                add(testName, host, "total", result, status, issue.label());
            }
        }
    }

    private void add(String testName, String host, String... keys) {
        counts.computeIfAbsent(String.join("/", keys), k -> new TreeMap<>())
                .computeIfAbsent(testName, t -> new TreeSet<>())
                .add(host);
    }

    /** The number of tests counted under KEY, e.g. {@code total/passed}. */
    public int count(String key) {
        Map<String, SortedSet<String>> tests = counts.get(key);
        return tests == null ? 0 : tests.size();
    }

    public void printSummary(PrintWriter out) {
        if (counts.isEmpty()) {
            return;
        }
        out.println("Summary:");
        counts.forEach((key, tests) -> out.println("  " + key + ": " + tests.size()));
    }

    public void printDetails(PrintWriter out) {
        if (counts.isEmpty()) {
            return;
        }
        out.println("Details:");
        counts.forEach((key, tests) -> {
            SortedMap<String, SortedSet<String>> byHost = new TreeMap<>();
            tests.forEach((test, hosts) -> hosts.forEach(
                    host -> byHost.computeIfAbsent(host, h -> new TreeSet<>()).add(test)));
            byHost.forEach((host, names) ->
                    out.println("  " + key + (host.isEmpty() ? "" : "/" + host) + ": " + String.join(" ", names)));
        });
    }
}
