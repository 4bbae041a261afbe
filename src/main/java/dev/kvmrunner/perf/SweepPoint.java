package dev.kvmrunner.perf;

/**
 * One point of a sweep: the boot pool size and the number of domain groups (a count, or
 * {@code auto}), the reset mode, and which repetition.
 */
public record SweepPoint(String workers, String prefixes, String reset, int repeat) {
    /** Names the point's folder and its rows: {@code w2-p3-boot-r1}. */
    public String id() {
        return "w" + workers + "-p" + prefixes + "-" + reset + "-r" + repeat;
    }

    public boolean auto() {
        return workers.equals("auto") || prefixes.equals("auto");
    }
}
