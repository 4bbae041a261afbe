package dev.kvmrunner.judge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The issues of a test run, per host (immutable).
 *
 * <p>{@link #toString()} is libreswan's format: {@code host:issue,issue host2:issue}, hosts
 * sorted, each host's issues sorted by label (so {@code %NULL} and the upper-case crash
 * issues come before the lower-case ones); a host named {@code ""} prints without the
 * {@code host:} prefix. {@link #toMap()} is the JSON form (host → issue labels).
 */
public final class Issues {

    private static final Comparator<Issue> BY_LABEL = Comparator.comparing(Issue::label);
    private static final Issues NONE = new Issues(new TreeMap<>());

    private final SortedMap<String, SortedSet<Issue>> hostIssues;

    private Issues(SortedMap<String, SortedSet<Issue>> hostIssues) {
        this.hostIssues = hostIssues;
    }

    /** No issues. */
    public static Issues none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these issues, to add more. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        hostIssues.forEach((host, issues) -> issues.forEach(issue -> builder.add(host, issue)));
        return builder;
    }

    public boolean isEmpty() {
        return hostIssues.isEmpty();
    }

    /** True if any host has this issue. */
    public boolean contains(Issue issue) {
        return hostIssues.values().stream().anyMatch(issues -> issues.contains(issue));
    }

    /** True if this host has this issue. */
    public boolean contains(String host, Issue issue) {
        SortedSet<Issue> issues = hostIssues.get(host);
        return issues != null && issues.contains(issue);
    }

    /** The hosts with this issue, sorted. */
    public List<String> hosts(Issue issue) {
        List<String> hosts = new ArrayList<>();
        hostIssues.forEach((host, issues) -> {
            if (issues.contains(issue)) {
                hosts.add(host);
            }
        });
        return hosts;
    }

    /** The issues of one host, sorted by label; empty when it has none. */
    public Set<Issue> forHost(String host) {
        SortedSet<Issue> issues = hostIssues.get(host);
        return issues == null ? Set.of() : Collections.unmodifiableSortedSet(issues);
    }

    /** The hosts that have issues, sorted. */
    public Set<String> hosts() {
        return Collections.unmodifiableSet(hostIssues.keySet());
    }

    /** JSON-friendly form: host → sorted issue labels, hosts sorted. */
    public Map<String, List<String>> toMap() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        hostIssues.forEach((host, issues) -> {
            List<String> labels = new ArrayList<>(issues.size());
            issues.forEach(issue -> labels.add(issue.label()));
            map.put(host, List.copyOf(labels));
        });
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        hostIssues.forEach((host, issues) -> {
            if (s.length() > 0) {
                s.append(' ');
            }
            if (!host.isEmpty()) {
                s.append(host).append(':');
            }
            boolean first = true;
            for (Issue issue : issues) {
                if (!first) {
                    s.append(',');
                }
                s.append(issue.label());
                first = false;
            }
        });
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Issues other && other.hostIssues.equals(hostIssues);
    }

    @Override
    public int hashCode() {
        return hostIssues.hashCode();
    }

    /** Collects issues; not thread-safe. Adding an issue twice is harmless. */
    public static final class Builder {
        private final SortedMap<String, SortedSet<Issue>> hostIssues = new TreeMap<>();

        private Builder() {}

        public Builder add(String host, Issue issue) {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(issue, "issue");
            hostIssues.computeIfAbsent(host, h -> new TreeSet<>(BY_LABEL)).add(issue);
            return this;
        }

        public Builder addAll(Issues issues) {
            issues.hostIssues.forEach((host, set) -> set.forEach(issue -> add(host, issue)));
            return this;
        }

        public Issues build() {
            if (hostIssues.isEmpty()) {
                return NONE;
            }
            SortedMap<String, SortedSet<Issue>> copy = new TreeMap<>();
            hostIssues.forEach((host, issues) -> {
                SortedSet<Issue> set = new TreeSet<>(BY_LABEL);
                set.addAll(issues);
                copy.put(host, set);
            });
            return new Issues(copy);
        }
    }
}
