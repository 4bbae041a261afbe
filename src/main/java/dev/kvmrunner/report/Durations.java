package dev.kvmrunner.report;

import java.time.Duration;

/** Formats durations the way libreswan's log lines do: {@code 5.25}, {@code 1:05.25}, {@code 1:01:05.25}. */
public final class Durations {
    private Durations() {}

    public static String format(Duration d) {
        long centis = d.toMillis() / 10;
        long hundredths = centis % 100;
        long totalSeconds = centis / 100;
        long seconds = totalSeconds % 60;
        long minutes = (totalSeconds / 60) % 60;
        long hours = totalSeconds / 3600;
        if (hours > 0) {
            return String.format("%d:%02d:%02d.%02d", hours, minutes, seconds, hundredths);
        }
        if (minutes > 0) {
            return String.format("%d:%02d.%02d", minutes, seconds, hundredths);
        }
        return String.format("%d.%02d", seconds, hundredths);
    }
}
