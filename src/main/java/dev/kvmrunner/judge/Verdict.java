package dev.kvmrunner.judge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The judgement of one test run (immutable): the {@link Result}, the {@link Issues} per host,
 * and per host the unified diff against the expected output and the sanitized output.
 *
 * <p>Build one with {@link #builder(List)}; the builder enforces libreswan's resolution
 * rules (see {@link Builder}).
 */
public final class Verdict {

    private final Result result;
    private final Issues issues;
    private final List<String> hosts;
    private final Map<String, List<String>> diffs;
    private final Map<String, String> sanitizedOutputs;
    private final Map<String, String> sanitizerErrors;

    private Verdict(Builder b) {
        this.result = b.result;
        this.issues = b.issues.build();
        this.hosts = b.hosts;
        this.diffs = copyInHostOrder(b.hosts, b.diffs);
        this.sanitizedOutputs = copyInHostOrder(b.hosts, b.sanitizedOutputs);
        this.sanitizerErrors = copyInHostOrder(b.hosts, b.sanitizerErrors);
    }

    private static <V> Map<String, V> copyInHostOrder(List<String> hosts, Map<String, V> map) {
        Map<String, V> copy = new LinkedHashMap<>();
        for (String host : hosts) {
            if (map.containsKey(host)) {
                copy.put(host, map.get(host));
            }
        }
        map.forEach(copy::putIfAbsent);
        return Collections.unmodifiableMap(copy);
    }

    /** A verdict for a test with these hosts (in the test's order). */
    public static Builder builder(List<String> hosts) {
        return new Builder(hosts);
    }

    /** A builder holding this verdict, e.g. for the runner to add boot-failed or interrupted. */
    public Builder toBuilder() {
        Builder b = new Builder(hosts);
        b.result = result;
        b.issues.addAll(issues);
        b.diffs.putAll(diffs);
        b.sanitizedOutputs.putAll(sanitizedOutputs);
        b.sanitizerErrors.putAll(sanitizerErrors);
        return b;
    }

    public Result result() {
        return result;
    }

    public Issues issues() {
        return issues;
    }

    /** The test's hosts, in the order given. */
    public List<String> hosts() {
        return hosts;
    }

    /** The unified diff of each host whose output differs (lines without terminators). */
    public Map<String, List<String>> diffs() {
        return diffs;
    }

    /** The host's diff lines; empty when its output matched or was not compared. */
    public List<String> diff(String host) {
        return diffs.getOrDefault(host, List.of());
    }

    /** The sanitized output of each host that has one. */
    public Map<String, String> sanitizedOutputs() {
        return sanitizedOutputs;
    }

    public Optional<String> sanitizedOutput(String host) {
        return Optional.ofNullable(sanitizedOutputs.get(host));
    }

    /** Why the sanitizer failed, for each host with {@link Issue#SANITIZER_FAILED}. */
    public Map<String, String> sanitizerErrors() {
        return sanitizerErrors;
    }

    @Override
    public String toString() {
        return issues.isEmpty() ? result.toString() : result + " " + issues;
    }

    /**
     * Accumulates a verdict following libreswan's {@code Resolution} rules:
     * <ul>
     * <li>{@link #untested()} and {@link #passed()} only start a verdict;</li>
     * <li>{@link #failed()} turns passed into failed and leaves unresolved alone;</li>
     * <li>{@link #unresolved()} always wins (except over untested);</li>
     * <li>issues can be added at any time and never change the result by themselves.</li>
     * </ul>
     * So the order is passed → failed → unresolved and a result never gets better.
     * Not thread-safe.
     */
    public static final class Builder {
        private final List<String> hosts;
        private Result result;
        private final Issues.Builder issues = Issues.builder();
        private final Map<String, List<String>> diffs = new LinkedHashMap<>();
        private final Map<String, String> sanitizedOutputs = new LinkedHashMap<>();
        private final Map<String, String> sanitizerErrors = new LinkedHashMap<>();

        private Builder(List<String> hosts) {
            this.hosts = List.copyOf(hosts);
        }

        /** Starts an untested verdict (nothing was attempted). */
        public Builder untested() {
            start(Result.UNTESTED);
            return this;
        }

        /** Starts a verdict that passed until proven otherwise. */
        public Builder passed() {
            start(Result.PASSED);
            return this;
        }

        private void start(Result start) {
            if (result != null) {
                throw new IllegalStateException("verdict already " + result + ", cannot become " + start);
            }
            result = start;
        }

        /** Passed becomes failed; failed and unresolved stay. */
        public Builder failed() {
            if (result == null || result == Result.UNTESTED) {
                throw new IllegalStateException("verdict " + result + " cannot fail");
            }
            if (result == Result.PASSED) {
                result = Result.FAILED;
            }
            return this;
        }

        /** Anything attempted becomes unresolved. */
        public Builder unresolved() {
            if (result == Result.UNTESTED) {
                throw new IllegalStateException("an untested verdict cannot become unresolved");
            }
            result = Result.UNRESOLVED;
            return this;
        }

        /** Applies {@link #failed()} or {@link #unresolved()} for a result seen on one host. */
        public Builder atLeast(Result seen) {
            switch (seen) {
                case PASSED:
                    break;
                case FAILED:
                    failed();
                    break;
                case UNRESOLVED:
                    unresolved();
                    break;
                default:
                    throw new IllegalArgumentException("a host cannot be " + seen);
            }
            return this;
        }

        public Builder issue(String host, Issue issue) {
            issues.add(host, issue);
            return this;
        }

        public Builder diff(String host, List<String> lines) {
            diffs.put(Objects.requireNonNull(host), List.copyOf(lines));
            return this;
        }

        public Builder sanitizedOutput(String host, String text) {
            sanitizedOutputs.put(Objects.requireNonNull(host), Objects.requireNonNull(text));
            return this;
        }

        public Builder sanitizerError(String host, String message) {
            sanitizerErrors.put(Objects.requireNonNull(host), Objects.requireNonNull(message));
            return this;
        }

        public Verdict build() {
            if (result == null) {
                throw new IllegalStateException("verdict has no result: call passed() or untested() first");
            }
            return new Verdict(this);
        }
    }
}
