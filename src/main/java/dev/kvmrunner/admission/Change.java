package dev.kvmrunner.admission;

/**
 * A decision of the admission controller: WHAT ({@code boot pool} or {@code test groups}) goes
 * from FROM to TO, because of REASON (said in the log line).
 */
public record Change(What what, int from, int to, String reason) {
    public enum What {
        BOOTS("boot pool", "workers"),
        GROUPS("test groups", "active");

        final String label;
        final String unit;

        What(String label, String unit) {
            this.label = label;
            this.unit = unit;
        }
    }

    /** "boot pool: 1 -> 2 workers (boots take 1.04x their unloaded time, 2 waiting)". */
    public String describe() {
        return what.label + ": " + from + " -> " + to + " " + what.unit + " (" + reason + ")";
    }
}
