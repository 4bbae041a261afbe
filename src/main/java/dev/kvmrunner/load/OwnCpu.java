package dev.kvmrunner.load;

import dev.kvmrunner.domain.ProcessTree;
import java.util.HashMap;
import java.util.Map;

/**
 * How many cores this process and everything it started (guests, shells, sanitizers) keep busy:
 * the CPU time of the process tree, from /proc/PID/stat, over the time between two samples; and
 * how many cores other work that is not niced kept busy meanwhile (/proc/stat's busy ticks that
 * are neither niced nor the run's own). Unlike the kernel's load figures (PSI, loadavg) this
 * leaves out niced work, so a niced build beside a run does not make the run shrink for nothing,
 * while an un-niced one counts at once, before it shows up as slower boots.
 */
public final class OwnCpu {
    /** Clock ticks per second of /proc's utime and stime: USER_HZ, 100 on every Linux architecture in use. */
    private static final double TICKS = 100.0;

    private final Map<Long, Long> lastTicks = new HashMap<>();
    private long lastNanos = System.nanoTime();
    private double cores;
    private double others;
    private CpuJiffies lastMachine = CpuJiffies.now().orElse(null);
    /** Whether the runner runs niced, so that /proc/stat counts its own work as niced too. */
    private final boolean niced = ProcessTree.nice(ProcessHandle.current().pid()) > 0;

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
        boolean first = lastTicks.isEmpty() || seconds <= 0;
        cores = first ? 0 : Math.max(0, delta / TICKS / seconds);
        CpuJiffies machine = CpuJiffies.now().orElse(null);
        if (!first && machine != null && lastMachine != null) {
            double notNiced = (machine.busyNotNiced() - lastMachine.busyNotNiced()) / TICKS / seconds;
            others = Math.max(0, notNiced - (niced ? 0 : cores));
        }
        lastMachine = machine;
        lastTicks.clear();
        lastTicks.putAll(ticks);
        lastNanos = now;
        return cores;
    }

    /** The last sample's figure. */
    public synchronized double cores() {
        return cores;
    }

    /** The cores other work that is not niced kept busy over the last sample (0 where /proc/stat is missing). */
    public synchronized double others() {
        return others;
    }
}
