package dev.kvmrunner.perf;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one sweep point measured.
 *
 * @param wallSeconds     the run's makespan, from start to exit
 * @param exitStatus      the run's exit status (0: all passed, 1: some did not, other: it broke)
 * @param error           why the point has no results, or empty
 * @param passed          tests that passed; the others are failures (failed, unresolved, untested)
 * @param issues          issue → how many hosts had it (output-different, timeout, boot-failed, ...)
 * @param boots           boot-and-login jobs that ran
 * @param meanBootSeconds their mean time, queueing excluded
 * @param firstBootAlone  the fastest first boot that ran alone, the unloaded cost of a boot; 0 when none did
 * @param againAlone      the same for reboots or snapshot resets
 * @param firstBootTypical the median of the first boots that ran alone: what a boot takes here, as the simulator needs it
 * @param againTypical     the same for reboots or snapshot resets
 * @param firstBootCpu    the median CPU-seconds of the first boots that ran alone, from the domain's own
 *                        process (qemu); 0 where the backend cannot tell
 * @param againCpu        the same for reboots or snapshot resets
 * @param bootCpu         the mean CPU-seconds of all its boots, alone or not (0 where the backend cannot
 *                        tell): under TCG the same boot costs more at a slower moment of the machine, so
 *                        this shows how fast the machine was during the point
 * @param cpuPressure     share of the point's time some task waited for a CPU (/proc/pressure/cpu); NaN when unknown
 * @param cpuBusy         share of the machine's CPU time spent busy during the point; NaN when unknown
 * @param scriptSeconds   test → seconds its scripts ran (RESULT script_time)
 * @param scriptCpu       test → CPU-seconds its guests used while its scripts ran ({@code
 *                        script_cpu_seconds} of {@code test-finished} events); empty where the backend
 *                        cannot tell
 * @param hosts           test → the hosts its domains play
 * @param firstCpuMean    the mean CPU-seconds of all its first boots, alone or not (0 where the backend cannot tell)
 * @param againCpuMean    the same for its reboots or snapshot resets
 * @param calibration     what a lone boot cost just before the point ({@code bench sweep --calibrate});
 *                        null when no calibration ran or it measured nothing
 */
public record PointResult(
        String id,
        String workers,
        String prefixes,
        String reset,
        int repeat,
        double wallSeconds,
        int exitStatus,
        String error,
        int tests,
        int passed,
        Map<String, Integer> issues,
        int boots,
        double meanBootSeconds,
        double firstBootAlone,
        double againAlone,
        double firstBootTypical,
        double againTypical,
        double firstBootCpu,
        double againCpu,
        double bootCpu,
        double cpuPressure,
        double cpuBusy,
        Map<String, Double> scriptSeconds,
        Map<String, Double> scriptCpu,
        Map<String, List<String>> hosts,
        double firstCpuMean,
        double againCpuMean,
        Calibration calibration) {
    public PointResult {
        issues = new TreeMap<>(issues == null ? Map.of() : issues);
        scriptSeconds = new TreeMap<>(scriptSeconds == null ? Map.of() : scriptSeconds);
        scriptCpu = new TreeMap<>(scriptCpu == null ? Map.of() : scriptCpu); // sweeps from before it was measured
        hosts = new TreeMap<>(hosts == null ? Map.of() : hosts);
        error = error == null ? "" : error;
    }

    /** Tests that did not pass. */
    @JsonIgnore
    public int failures() {
        return tests - passed;
    }

    @JsonIgnore
    public boolean ok() {
        return error.isEmpty();
    }

    @JsonIgnore
    public SweepPoint point() {
        return new SweepPoint(workers, prefixes, reset, repeat);
    }
}
