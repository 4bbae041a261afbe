package dev.kvmrunner.perf;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shortest time a suite can take on this machine, whatever the scheduling: the ideal makespan
 * that a sweep point's time is measured against (efficiency = bound / makespan). docs/performance.md
 * explains the formula and its assumptions:
 * <pre>
 *   bound = max( cpu work / cores,
 *                (first boot - reset) + sum over tests of (reset + script) / groups,
 *                first boot + max over tests of script )
 *   cpu work = first boots x first-boot cost + other boots x reset cost + the scripts' CPU
 * </pre>
 * No script starts before some cold boot of its hosts has ended, and a guest has one virtual CPU,
 * so a boot takes at least the CPU-seconds it costs: each group's first test waits for a first
 * boot, and so does the longest test.
 * where a boot's cost is the CPU-seconds of one boot-and-login at concurrency 1 (a TCG guest
 * keeps one core busy while it boots, so its unloaded time), "reset" is the cheaper of the two
 * (a reboot, or a snapshot restore), and first boots are one per distinct host (each host boots
 * cold at least once). The scripts' CPU is what the guests used while they ran, where the backend
 * measures it (under TCG a guest that pings or loops keeps a core busy); elsewhere they are
 * taken to use none: they wait.
 *
 * @param firstBoot CPU-seconds of a domain's first boot
 * @param reset     CPU-seconds of a later boot or reset
 * @param cores     the machine's cores
 */
public record LowerBound(double firstBoot, double reset, int cores) {
    /**
     * One test as the bound sees it: the domains it boots, how long its scripts run, and the
     * CPU-seconds its guests used while they ran (0 where the backend cannot tell).
     */
    public record TestCost(String name, List<String> hosts, double scriptSeconds, double scriptCpu) {
        public TestCost(String name, List<String> hosts, double scriptSeconds) {
            this(name, hosts, scriptSeconds, 0);
        }
    }

    /** The three terms and the bound. */
    public record Terms(double cpu, double groups, double longest) {
        public double bound() {
            return Math.max(cpu, Math.max(groups, longest));
        }

        /** Which term binds: "cpu" (boots), "groups" (too few groups) or "longest" (one long test). */
        public String binding() {
            double b = bound();
            return b == cpu ? "cpu" : b == groups ? "groups" : "longest";
        }
    }

    public Terms terms(Collection<TestCost> tests, int groups) {
        Map<String, Integer> uses = new HashMap<>();
        int boots = 0;
        double occupancy = 0;
        double longest = 0;
        double scriptCpu = 0;
        for (TestCost test : tests) {
            scriptCpu += test.scriptCpu();
            boots += test.hosts().size();
            test.hosts().forEach(h -> uses.merge(h, 1, Integer::sum));
            double busy = reset + test.scriptSeconds();
            occupancy += busy;
            longest = Math.max(longest, busy);
        }
        int first = uses.size();
        double cpu = (first * firstBoot + (boots - first) * reset + scriptCpu) / cores;
        double coldStart = tests.isEmpty() ? 0 : Math.max(0, firstBoot - reset);
        int busyGroups = Math.max(1, Math.min(groups, tests.size()));
        return new Terms(cpu, coldStart + occupancy / busyGroups, tests.isEmpty() ? 0 : coldStart + longest);
    }

    public double bound(Collection<TestCost> tests, int groups) {
        return terms(tests, groups).bound();
    }
}
