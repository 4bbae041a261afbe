package dev.kvmrunner.perf;

/**
 * The kernel's cumulative CPU counters, read before and after a sweep point so that the point
 * gets its own averages: the PSI stall total (/proc/pressure/cpu, microseconds some task waited)
 * and the busy and total jiffies of /proc/stat.
 */
record CpuCounters(long nanos, long pressureMicros, long busyJiffies, long totalJiffies) {
    static CpuCounters now() {
        return new CpuCounters(System.nanoTime(), pressureTotal(), stat(true), stat(false));
    }

    /** Share of the time between THIS and LATER in which some task waited for a CPU; NaN when unknown. */
    double pressureUntil(CpuCounters later) {
        if (pressureMicros < 0 || later.pressureMicros < 0) {
            return Double.NaN;
        }
        return (later.pressureMicros - pressureMicros) * 1000.0 / Math.max(1, later.nanos - nanos);
    }

    /** Share of all cores' time spent busy between THIS and LATER; NaN when unknown. */
    double busyUntil(CpuCounters later) {
        long total = later.totalJiffies - totalJiffies;
        if (busyJiffies < 0 || later.busyJiffies < 0 || total <= 0) {
            return Double.NaN;
        }
        return (later.busyJiffies - busyJiffies) / (double) total;
    }

    private static long pressureTotal() {
        try {
            return dev.kvmrunner.load.MachineLoad.cpuPressureField("total")
                    .map(Long::parseLong)
                    .orElse(-1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Busy (BUSY_ONLY) or all ticks of /proc/stat's "cpu" line; -1 where there is none. */
    private static long stat(boolean busyOnly) {
        return dev.kvmrunner.load.CpuJiffies.now()
                .map(j -> busyOnly ? j.busy() : j.total())
                .orElse(-1L);
    }
}
