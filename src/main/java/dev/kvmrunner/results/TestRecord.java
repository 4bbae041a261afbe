package dev.kvmrunner.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.kvmrunner.judge.Result;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one run of a test produced: the {@code OUTPUT/RESULT} file.
 *
 * @param expect     the test's TESTLIST status (good, wip, ...)
 * @param issues     host → issue labels (libreswan's per-host issues)
 * @param bootTime   seconds spent booting the test's domains
 * @param scriptTime seconds spent running the scripts
 * @param runtime    seconds from start to stop, judging included
 * @param bootAttempts how many times the test's domains were booted: more than 1 when booting
 *                   failed and was retried (0 in RESULT files written before this field existed)
 */
@JsonPropertyOrder({"testname", "expect", "result", "issues", "hosts", "start_time", "stop_time", "boot_time", "script_time", "runtime",
        "boot_attempts"})
public record TestRecord(
        @JsonProperty("testname") String testName,
        @JsonProperty("expect") String expect,
        @JsonProperty("result") Result result,
        @JsonProperty("issues") SortedMap<String, List<String>> issues,
        @JsonProperty("hosts") List<String> hosts,
        @JsonProperty("start_time") Instant startTime,
        @JsonProperty("stop_time") Instant stopTime,
        @JsonProperty("boot_time") double bootTime,
        @JsonProperty("script_time") double scriptTime,
        @JsonProperty("runtime") double runtime,
        @JsonProperty("boot_attempts") int bootAttempts) {

    /** A record of a test whose domains booted at the first attempt. */
    public TestRecord(String testName, String expect, Result result, SortedMap<String, List<String>> issues, List<String> hosts,
                      Instant startTime, Instant stopTime, double bootTime, double scriptTime, double runtime) {
        this(testName, expect, result, issues, hosts, startTime, stopTime, bootTime, scriptTime, runtime, 1);
    }

    public TestRecord {
        issues = new TreeMap<>(issues == null ? Map.of() : issues);
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }

    /** The issues as libreswan prints them: {@code host:issue,issue host2:issue}. */
    public String issuesText() {
        return issues.entrySet().stream()
                .map(e -> (e.getKey().isEmpty() ? "" : e.getKey() + ":") + e.getValue().stream().sorted().collect(Collectors.joining(",")))
                .collect(Collectors.joining(" "));
    }
}
