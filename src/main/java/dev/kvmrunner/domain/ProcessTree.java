package dev.kvmrunner.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and ends processes by what they belong to: a session (every process a domain's
 * shell started, including background jobs in their own process groups) or a run marker
 * in their environment (leftovers of a killed run). Reads /proc; runs no external command.
 */
public final class ProcessTree {
    /** The environment variable that marks every process a run starts in a domain. */
    public static final String RUN_MARKER = "KVMRUNNER_RUN";
    /** The environment variable that marks every process of one domain of one run. */
    public static final String DOMAIN_MARKER = "KVMRUNNER_DOMAIN";
    /** The environment variable naming the runner that owns a process: {@code <pid>:<start time>}. */
    public static final String OWNER_MARKER = "KVMRUNNER_OWNER";

    private static final Path PROC = Path.of("/proc");

    private ProcessTree() {
    }

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
            try {
                byte[] env = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
                byte[] framed = new byte[env.length + 1];
                System.arraycopy(env, 0, framed, 1, env.length);
                if (indexOf(framed, wanted) >= 0) {
                    found.add(pid);
                }
            } catch (IOException | SecurityException e) {
                // gone or not ours to read
            }
        }
        return found;
    }

    /**
     * Kills (SIGKILL) every process of session SID and its descendants, repeating until none
     * is left (a process may fork while we kill) or TIMEOUT passes. Returns what is left.
     */
    public static List<Long> killSession(long sid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Long> members = session(sid);
            ProcessHandle.of(sid).ifPresent(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
            for (long pid : members) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            List<Long> left = alive(session(sid));
            if (left.isEmpty() || System.nanoTime() > deadline) {
                return left;
            }
            Thread.sleep(5); // give the kernel a moment to deliver SIGKILL before looking again
        }
    }

    /** Kills every process in PIDS. */
    public static void kill(List<Long> pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
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
        List<Long> orphans = new ArrayList<>();
        for (long pid : pids()) {
            String owner = environment(pid, OWNER_MARKER);
            if (owner != null && !ownerAlive(owner)) {
                orphans.add(pid);
            }
        }
        return alive(orphans);
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
        return startTime != null && startTime.equals(owner.substring(colon + 1).strip()) && !alive(List.of(pid)).isEmpty();
    }

    private static long parseOrMinus(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The value of VARIABLE in the environment of PID, or null. */
    private static String environment(long pid, String variable) {
        try {
            byte[] env = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
            String prefix = variable + "=";
            for (String entry : new String(env, StandardCharsets.UTF_8).split("\0")) {
                if (entry.startsWith(prefix)) {
                    return entry.substring(prefix.length());
                }
            }
        } catch (IOException | SecurityException e) {
            // gone or not ours to read
        }
        return null;
    }

    private static long sessionOf(long pid) {
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

    private static List<Long> pids() {
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
