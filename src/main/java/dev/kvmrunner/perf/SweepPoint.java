package dev.kvmrunner.perf;

import java.util.Locale;

/**
 * One point of a sweep: the boot pool size and the number of domain groups (a count, or
 * {@code auto}), the reset mode, and which repetition.
 */
public record SweepPoint(String workers, String prefixes, String reset, int repeat) {
    /** How a point's run resets domains between tests: its {@code kvmrunner run --reset}. */
    public enum Reset {
        BOOT,
        SNAPSHOT;

        /** The name in --reset, point ids and sweep files ({@code snapshot}). */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Names the point's folder and its rows: {@code w2-p3-boot-r1}. */
    public String id() {
        return "w" + workers + "-p" + prefixes + "-" + reset + "-r" + repeat;
    }

    public boolean auto() {
        return workers.equals("auto") || prefixes.equals("auto");
    }
}
