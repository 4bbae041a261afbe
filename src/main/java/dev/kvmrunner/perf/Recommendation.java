package dev.kvmrunner.perf;

import dev.kvmrunner.admission.MachineRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * KVM_WORKERS and KVM_PREFIXES for one of libreswan's three machine profiles, computed from the
 * machine (cores, memory) and what a boot costs here (recorded by earlier runs or bench boot),
 * each with the one line of reasoning behind it.
 *
 * <ul>
 *   <li>development: the developer keeps working beside the run, so boots may use half the
 *       cores and a single group ('') runs the tests;</li>
 *   <li>baseline: a run in the background of a desktop: a quarter of the cores for boots, two
 *       groups (b1. b2.) so that waiting tests overlap;</li>
 *   <li>server: a dedicated machine: every core for boots, and as many groups as keep the boot
 *       pool busy while tests wait, within memory.</li>
 * </ul>
 *
 * @param cores        the machine's cores
 * @param memoryMiB    its memory
 * @param guestMiB     memory of one domain
 * @param hostsPerTest domains a group holds (the suite's hosts per test, at most)
 * @param boot         what a boot costs here; {@link MachineRecord.Entry#NONE} when nothing was recorded
 * @param waitPerBoot  seconds a test's scripts run per second of its boot (from recorded runs; 1 when unknown)
 */
public record Recommendation(
        int cores, long memoryMiB, int guestMiB, int hostsPerTest, MachineRecord.Entry boot, double waitPerBoot) {
    public enum Profile {
        DEVELOPMENT,
        BASELINE,
        SERVER
    }

    /** The settings and their reasons. */
    public record Advice(int workers, List<String> prefixes, List<String> reasons) {
        /** Lines for Makefile.inc.local: the settings, each with its reason as a comment above it. */
        public List<String> makefileLines() {
            List<String> lines = new ArrayList<>();
            lines.add("# " + reasons.get(0));
            lines.add("KVM_WORKERS=" + workers);
            lines.add("# " + reasons.get(1));
            lines.add("KVM_PREFIXES="
                    + String.join(
                            " ",
                            prefixes.stream().map(p -> p.isEmpty() ? "''" : p).toList()));
            return lines;
        }
    }

    /** The share of a core one boot keeps busy: CPU-seconds over its unloaded time (1 under TCG). */
    double coresPerBoot() {
        if (boot.cpuPerBoot() > 0 && boot.firstBoot() > 0) {
            return Math.min(1.0, boot.cpuPerBoot() / boot.firstBoot());
        }
        return 1.0;
    }

    public Advice advise(Profile profile) {
        double share = switch (profile) {
            case DEVELOPMENT -> 0.5;
            case BASELINE -> 0.25;
            case SERVER -> 1.0;
        };
        double perBoot = coresPerBoot();
        int workers = Math.max(1, (int) Math.floor(share * cores / perBoot + 1e-9));
        String bootCost = boot.firstBoot() > 0
                ? String.format(
                        Locale.ROOT, "a boot takes %.1f s and keeps %.1f of a core busy", boot.firstBoot(), perBoot)
                : "no boot recorded yet (run bench boot or a suite): a boot is taken to keep one core busy";
        String workersReason = String.format(
                Locale.ROOT,
                "%s: boots may use %s of %d cores; %s, so %d at once",
                profile.name().toLowerCase(Locale.ROOT),
                share == 1.0 ? "all" : share == 0.5 ? "half" : "a quarter",
                cores,
                bootCost,
                workers);
        long memoryGroups = dev.kvmrunner.admission.MemoryLimit.groups(memoryMiB, guestMiB, hostsPerTest);
        List<String> prefixes;
        String prefixesReason;
        switch (profile) {
            case DEVELOPMENT -> {
                prefixes = List.of("");
                prefixesReason =
                        "one group (''): the developer's machine stays usable and the domains keep libreswan's plain names";
            }
            case BASELINE -> {
                int n = (int) Math.min(2, memoryGroups);
                prefixes = named("b", n);
                prefixesReason = n + " groups: a second one overlaps its waiting with the first's boots, within "
                        + memoryMiB / 1024 + " GiB";
            }
            default -> {
                // each group boots for 1 part of its time and waits for WAIT parts: keeping the pool
                // busy takes workers x (1 + wait) groups, if memory allows
                long wanted = (long) Math.ceil(workers * (1 + waitPerBoot));
                int n = (int) Math.max(1, Math.min(wanted, memoryGroups));
                List<String> list = new ArrayList<>();
                list.add("");
                list.addAll(named("t", n - 1));
                prefixes = list;
                prefixesReason = String.format(
                        Locale.ROOT,
                        "%d groups: tests wait %.1f s per second of boot, so %d groups keep %d "
                                + "boot workers busy; memory allows %d (%d MiB per domain, %d domains per group, 3/4 of %d MiB)",
                        n,
                        waitPerBoot,
                        wanted,
                        workers,
                        memoryGroups,
                        guestMiB,
                        hostsPerTest,
                        memoryMiB);
            }
        }
        return new Advice(workers, prefixes, List.of(workersReason, prefixesReason));
    }

    private static List<String> named(String letter, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add(letter + i + ".");
        }
        return names;
    }
}
