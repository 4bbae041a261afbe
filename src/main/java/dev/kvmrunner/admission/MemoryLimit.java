package dev.kvmrunner.admission;

/**
 * How many domain groups fit in a machine's memory. A group runs at most as many domains at once
 * as its largest test needs (a test worker shuts down the domains its next test does not use),
 * and the domains of all groups may take {@value #SHARE} of the memory: the rest is for the
 * runner, the page cache (snapshots, images) and whatever else the machine runs.
 */
public final class MemoryLimit {
    /** The share of memory the domains of a run may take. */
    public static final double SHARE = 0.75;

    private MemoryLimit() {}

    /** The groups whose domains fit in SHARE of MEMORY_MIB; at least 1, whatever the memory. */
    public static int groups(long memoryMiB, long domainMiB, int domainsPerGroup) {
        if (domainMiB <= 0 || domainsPerGroup <= 0) {
            throw new IllegalArgumentException("domain memory and domains per group must be positive");
        }
        long fit = (long) (memoryMiB * SHARE) / (domainMiB * domainsPerGroup);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, fit));
    }
}
