package dev.kvmrunner.admission;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How many finished boots each value of one limit saw: a clock-free measure of how long it held,
 * so that the controller's decisions stay replayable on recorded inputs.
 */
final class HeldLimits {
    private record Held(int boots, long lastSeen) {}

    private final Map<Integer, Held> held = new HashMap<>();
    private long seen;

    /** One boot finished while the limit was LIMIT. */
    void count(int limit) {
        seen++;
        held.merge(limit, new Held(1, seen), (old, one) -> new Held(old.boots() + 1, one.lastSeen()));
    }

    /** The limit that saw the most boots finish; between equals, the one seen last. Empty before any. */
    Optional<Integer> longest() {
        return held.entrySet().stream()
                .max((a, b) -> a.getValue().boots() != b.getValue().boots()
                        ? Integer.compare(a.getValue().boots(), b.getValue().boots())
                        : Long.compare(a.getValue().lastSeen(), b.getValue().lastSeen()))
                .map(Map.Entry::getKey);
    }
}
