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
 * @param attempts   how many times the test ran: more than 1 when an infrastructure fault (a
 *                   domain that died or hung) had its domains power-cycled and the test run again
 * @param firstFailure the runner's issues of the first attempt that failed that way, e.g.
 *                   {@code east:domain-died}; null when there was none
 */
@JsonPropertyOrder({
    "testname",
    "expect",
    "result",
    "issues",
    "hosts",
    "start_time",
    "stop_time",
    "boot_time",
    "script_time",
    "runtime",
    "boot_attempts",
    "attempts",
    "first_failure"
})
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
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
        @JsonProperty("boot_attempts") int bootAttempts,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("first_failure") String firstFailure) {

    /** A record of a test that ran once (no infrastructure fault retried). */
    public TestRecord(
            String testName,
            String expect,
            Result result,
            SortedMap<String, List<String>> issues,
            List<String> hosts,
            Instant startTime,
            Instant stopTime,
            double bootTime,
            double scriptTime,
            double runtime,
            int bootAttempts) {
        this(
                testName,
                expect,
                result,
                issues,
                hosts,
                startTime,
                stopTime,
                bootTime,
                scriptTime,
                runtime,
                bootAttempts,
                1,
                null);
    }

    /** A record of a test whose domains booted at the first attempt. */
    public TestRecord(
            String testName,
            String expect,
            Result result,
            SortedMap<String, List<String>> issues,
            List<String> hosts,
            Instant startTime,
            Instant stopTime,
            double bootTime,
            double scriptTime,
            double runtime) {
        this(testName, expect, result, issues, hosts, startTime, stopTime, bootTime, scriptTime, runtime, 1);
    }

    public TestRecord {
        issues = new TreeMap<>(issues == null ? Map.of() : issues);
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }

    /** The issues as libreswan prints them: {@code host:issue,issue host2:issue}. */
    public String issuesText() {
        return issues.entrySet().stream()
                .map(e -> (e.getKey().isEmpty() ? "" : e.getKey() + ":")
                        + e.getValue().stream().sorted().collect(Collectors.joining(",")))
                .collect(Collectors.joining(" "));
    }
}
