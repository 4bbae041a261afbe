package dev.kvmrunner.load;

import dev.kvmrunner.domain.ProcessTree;
import java.util.HashMap;
import java.util.Map;

/**
 * How many cores this process and everything it started (guests, shells, sanitizers) keep busy:
 * the CPU time of the process tree, from /proc/PID/stat, over the time between two samples.
 * Unlike the kernel's load figures it ignores everyone else's work, so a niced build beside a run
 * does not make the run shrink for nothing; what others take shows up as slower boots instead.
 */
public final class OwnCpu {
    /** Clock ticks per second of /proc's utime and stime: USER_HZ, 100 on every Linux architecture in use. */
    private static final double TICKS = 100.0;

    private final Map<Long, Long> lastTicks = new HashMap<>();
    private long lastNanos = System.nanoTime();
    private double cores;

    /** Takes a sample; returns the cores in use since the previous one (0 at first, or where /proc is missing). */
    public synchronized double sample() {
        long now = System.nanoTime();
        Map<Long, Long> ticks = new HashMap<>();
        long delta = 0;
        ProcessHandle self = ProcessHandle.current();
        for (ProcessHandle p : (Iterable<ProcessHandle>)
                java.util.stream.Stream.concat(java.util.stream.Stream.of(self), self.descendants())::iterator) {
            long t = ProcessTree.cpuTicks(p.pid());
            if (t < 0) {
                continue;
            }
            ticks.put(p.pid(), t);
            delta += t - lastTicks.getOrDefault(p.pid(), lastTicks.isEmpty() ? t : 0L);
        }
        double seconds = (now - lastNanos) / 1e9;
        cores = lastTicks.isEmpty() || seconds <= 0 ? 0 : Math.max(0, delta / TICKS / seconds);
        lastTicks.clear();
        lastTicks.putAll(ticks);
        lastNanos = now;
        return cores;
    }

    /** The last sample's figure. */
    public synchronized double cores() {
        return cores;
    }
}
