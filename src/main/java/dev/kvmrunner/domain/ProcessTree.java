package dev.kvmrunner.domain;

import dev.kvmrunner.timeouts.Deadline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one reader of /proc, and the one way processes are marked and ended: by what they
 * belong to, a session (every process a domain's shell started, including background jobs in
 * their own process groups) or a marker in their environment (a domain, a run, the runner that
 * owns them, one external command). Runs no external command.
 *
 * <p>The markers: {@link #RUN_MARKER} = the run id, {@link #DOMAIN_MARKER} = {@code <run id>:<domain>}
 * ({@link #domainMarker}), {@link #OWNER_MARKER} = {@code <runner pid>:<its start time>}
 * ({@link #self()}); {@link #markers} gives all three for whatever a domain starts.
 */
public final class ProcessTree {
    /** The environment variable that marks every process a run starts in a domain. */
    public static final String RUN_MARKER = "KVMRUNNER_RUN";
    /** The environment variable that marks every process of one domain of one run. */
    public static final String DOMAIN_MARKER = "KVMRUNNER_DOMAIN";
    /** The environment variable naming the runner that owns a process: {@code <pid>:<start time>}. */
    public static final String OWNER_MARKER = "KVMRUNNER_OWNER";

    private static final Path PROC = Path.of("/proc");

    private ProcessTree() {}

    // ---- markers --------------------------------------------------------------------------

    /** The value of {@link #DOMAIN_MARKER} for NAME (a domain, or a backend's own process such as a switch) of run RUN_ID. */
    public static String domainMarker(String runId, String name) {
        return runId + ":" + name;
    }

    /** The environment that marks a process of NAME of run RUN_ID, owned by this runner. */
    public static Map<String, String> markers(String runId, String name) {
        return Map.of(RUN_MARKER, runId, DOMAIN_MARKER, domainMarker(runId, name), OWNER_MARKER, self());
    }

    /** Processes marked as domain NAME of any run. */
    public static List<Long> ofDomain(String name) {
        String suffix = domainMarker("", name);
        return markedWhere(DOMAIN_MARKER, value -> value.endsWith(suffix));
    }

    // ---- finding --------------------------------------------------------------------------

    /** Processes whose session id is SID. */
    public static List<Long> session(long sid) {
        List<Long> members = new ArrayList<>();
        for (long pid : pids()) {
            if (sessionOf(pid) == sid) {
                members.add(pid);
            }
        }
        return members;
    }

    /** Processes whose environment holds {@code KVMRUNNER_RUN=<value>}. */
    public static List<Long> marked(String value) {
        return marked(RUN_MARKER, value);
    }

    /** Processes whose environment holds {@code VARIABLE=VALUE}. */
    public static List<Long> marked(String variable, String value) {
        byte[] wanted = ("\0" + variable + "=" + value + "\0").getBytes(StandardCharsets.UTF_8);
        List<Long> found = new ArrayList<>();
        for (long pid : pids()) {
            byte[] env = environ(pid);
            // framed by NULs on both sides, so that only the whole entry matches
            byte[] framed = new byte[env.length + 2];
            System.arraycopy(env, 0, framed, 1, env.length);
            if (env.length > 0 && indexOf(framed, wanted) >= 0) {
                found.add(pid);
            }
        }
        return found;
    }

    /** Processes whose environment holds VARIABLE with a value that VALUE accepts. */
    public static List<Long> markedWhere(String variable, Predicate<String> value) {
        List<Long> found = new ArrayList<>();
        for (long pid : pids()) {
            String held = environment(pid).get(variable);
            if (held != null && value.test(held)) {
                found.add(pid);
            }
        }
        return found;
    }

    /** The environment of PID; empty when it is gone or not ours to read. */
    public static Map<String, String> environment(long pid) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : new String(environ(pid), StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    /** Where /proc/PID/ns/KIND points ("net:[4026531840]"); empty when it is gone or a kernel thread. */
    public static Optional<String> namespace(long pid, String kind) {
        try {
            return Optional.of(Files.readSymbolicLink(
                            PROC.resolve(Long.toString(pid)).resolve("ns").resolve(kind))
                    .toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** PID's ids in the PID namespaces it is in, outermost first (the NSpid line of /proc/PID/status); empty when gone. */
    public static List<Long> namespacePids(long pid) {
        List<Long> ids = new ArrayList<>();
        try {
            for (String id : status(pid, "NSpid")) {
                ids.add(Long.parseLong(id));
            }
        } catch (NumberFormatException e) {
            return List.of();
        }
        return ids;
    }

    /** The words of line KEY of /proc/PID/status ("Uid": real, effective, saved, fs); empty when gone or missing. */
    public static List<String> status(long pid, String key) {
        try {
            for (String line :
                    Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"), StandardCharsets.UTF_8)) {
                if (line.startsWith(key + ":")) {
                    return List.of(line.substring(key.length() + 1).trim().split("\\s+"));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return List.of();
    }

    /** The CPU time PID has used (utime + stime) in clock ticks; -1 when it is gone. */
    public static long cpuTicks(long pid) {
        try {
            return Long.parseLong(statField(pid, 11)) + Long.parseLong(statField(pid, 12));
        } catch (NumberFormatException e) {
            return -1; // gone between the reads (a null field)
        }
    }

    /** The nice value of process PID; 0 when it cannot be read. */
    public static int nice(long pid) {
        try {
            return Integer.parseInt(statField(pid, 16));
        } catch (NumberFormatException e) {
            return 0; // gone, or no /proc
        }
    }

    /** The pids of PIDS that are still running and not zombies. */
    public static List<Long> alive(List<Long> pids) {
        List<Long> alive = new ArrayList<>();
        for (long pid : pids) {
            String state = statField(pid, 0);
            if (state != null && !state.equals("Z") && !state.equals("X")) {
                alive.add(pid);
            }
        }
        return alive;
    }

    /** Every process on this machine. */
    public static List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                pids.add(Long.parseLong(entry.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return pids;
    }

    // ---- ending ---------------------------------------------------------------------------

    /** Kills (SIGKILL) every process in PIDS, once. */
    public static void kill(List<Long> pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Kills (SIGKILL) what MEMBERS finds, again and again until it finds nothing alive (a process
     * may fork while we kill) or DEADLINE passes. Returns what is left alive.
     */
    public static List<Long> killUntilGone(Supplier<List<Long>> members, Deadline deadline)
            throws InterruptedException {
        while (true) {
            List<Long> alive = alive(members.get());
            if (alive.isEmpty()) {
                return alive;
            }
            kill(alive);
            if (deadline.expired()) {
                return alive(members.get());
            }
            Thread.sleep(5); // give the kernel a moment to deliver SIGKILL before looking again
        }
    }

    /** Kills every process of session SID and every descendant of its leader until none is left; returns what is left. */
    public static List<Long> killSession(long sid, Deadline deadline) throws InterruptedException {
        return killUntilGone(
                () -> {
                    Set<Long> members = new LinkedHashSet<>(session(sid));
                    ProcessHandle.of(sid).ifPresent(p -> p.descendants().forEach(d -> members.add(d.pid())));
                    return List.copyOf(members);
                },
                deadline);
    }

    // ---- owners ---------------------------------------------------------------------------

    /** The value of {@link #OWNER_MARKER} for this JVM. */
    public static String self() {
        long pid = ProcessHandle.current().pid();
        return pid + ":" + statField(pid, 19);
    }

    /**
     * Processes some runner started (they carry {@link #OWNER_MARKER}) whose runner is gone: the
     * leftovers of a run that was killed with SIGKILL.
     */
    public static List<Long> orphans() {
        return alive(markedWhere(OWNER_MARKER, owner -> !ownerAlive(owner)));
    }

    /**
     * True when OWNER ({@code <pid>:<start time>}, see {@link #self()}) names a process that
     * still runs: the same pid with the same start time, so a reused pid is not mistaken for it.
     */
    public static boolean ownerAlive(String owner) {
        int colon = owner.indexOf(':');
        if (colon < 0) {
            return false;
        }
        long pid = parseOrMinus(owner.substring(0, colon));
        String startTime = statField(pid, 19);
        return startTime != null
                && startTime.equals(owner.substring(colon + 1).strip())
                && !alive(List.of(pid)).isEmpty();
    }

    private static long parseOrMinus(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---- reading --------------------------------------------------------------------------

    /** /proc/PID/environ as it is (NUL-separated); empty when gone or not ours to read. */
    private static byte[] environ(long pid) {
        try {
            return Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
        } catch (IOException | SecurityException e) {
            return new byte[0];
        }
    }

    /** The session id of PID; -1 when it is gone. */
    public static long sessionOf(long pid) {
        String sid = statField(pid, 3);
        return sid == null ? -1 : Long.parseLong(sid);
    }

    /** Field N after the command name in /proc/PID/stat (0 = state, 1 = ppid, 2 = pgrp, 3 = session, 19 = start time). */
    private static String statField(long pid, int n) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            // the command name may hold spaces and parentheses; it ends at the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields.length > n ? fields[n] : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
