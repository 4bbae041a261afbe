package dev.kvmrunner.perf;

import java.util.List;
import java.util.Optional;

/**
 * What a boot cost at concurrency 1 at the moment a sweep point ran: the lone boots of a short
 * calibration run (a few tests, one worker, one group) made just before the point. Under TCG the
 * same boot costs a fifth more or less CPU from one half hour to the next on a shared machine, so
 * a bound built from the costs of another moment measures that moment as much as the point's
 * scheduling; a point's own calibration takes the drift out of its efficiency.
 *
 * @param tests     the tests the calibration run ran
 * @param firstBoot the median cost of its first boots (CPU-seconds, or seconds where the backend
 *                  cannot tell CPU time: see {@code cpu})
 * @param again     the same for its later boots (reboots, or snapshot restores); 0 when none ran
 * @param cpu       whether the costs are the guests' own CPU-seconds (qemu) rather than boot times
 */
public record Calibration(List<String> tests, double firstBoot, double again, boolean cpu) {
    public Calibration {
        tests = List.copyOf(tests == null ? List.of() : tests);
    }

    /**
     * The bound at POINT's moment of the machine, on CORES cores: a boot of each kind costs what
     * it cost alone here, or less where the point's own boots of that kind cost less on average.
     * Under TCG a guest that waits for the clock while it boots burns CPU for as long as it waits
     * when it has a core to itself, and less when it shares one, so a boot alone can cost more
     * CPU than the same boot beside others (3.9 CPU-seconds alone against 3.4 side by side, on
     * 2026-11-30): the lone cost alone would be no floor.
     */
    public LowerBound bound(int cores, PointResult point) {
        double first = firstBoot;
        double later = again > 0 ? Math.min(firstBoot, again) : firstBoot;
        if (cpu) {
            first = lesser(first, point.firstCpuMean());
            later = lesser(later, point.againCpuMean());
        }
        return new LowerBound(first, Math.min(first, later), cores);
    }

    private static double lesser(double cost, double measured) {
        return measured > 0 ? Math.min(cost, measured) : cost;
    }

    /** From a calibration run's boots; empty when no first boot ran alone. */
    static Optional<Calibration> of(List<String> tests, Sweep.BootTimes boots) {
        if (!boots.firstCpuAlone.isEmpty()) {
            return Optional.of(new Calibration(
                    tests, Sweep.medianOrZero(boots.firstCpuAlone), Sweep.medianOrZero(boots.againCpuAlone), true));
        }
        if (!boots.firstAloneAll.isEmpty()) {
            return Optional.of(new Calibration(
                    tests, Sweep.medianOrZero(boots.firstAloneAll), Sweep.medianOrZero(boots.againAloneAll), false));
        }
        return Optional.empty();
    }
}
