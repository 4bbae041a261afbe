package dev.kvmrunner.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The "cpu" line of /proc/stat: the whole machine's CPU time so far, in clock ticks (USER_HZ),
 * with work at a positive nice value counted apart from the rest.
 */
public record CpuJiffies(
        long user, long nice, long system, long idle, long iowait, long irq, long softirq, long steal) {
    /** The machine's counters now; empty where /proc/stat cannot be read (not Linux). */
    public static Optional<CpuJiffies> now() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long[] v = new long[8];
                    for (int i = 0; i < v.length && i + 1 < f.length; i++) {
                        v[i] = Long.parseLong(f[i + 1]);
                    }
                    return Optional.of(new CpuJiffies(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no figure
        }
        return Optional.empty();
    }

    /** Ticks some CPU was busy, niced work included. */
    public long busy() {
        return user + nice + system + irq + softirq + steal;
    }

    /** Every tick, busy or idle. */
    public long total() {
        return busy() + idle + iowait;
    }

    /** Ticks busy with work that is not niced: work that does not yield to the run's guests. */
    public long busyNotNiced() {
        return busy() - nice;
    }
}
