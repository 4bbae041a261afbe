package dev.kvmrunner.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How busy the machine is right now, as Linux reports it: the share of the last 10 s in which
 * some runnable task waited for a CPU (/proc/pressure/cpu, "some avg10"), the 1-minute load
 * average and the number of cores. Either reading is NaN where the kernel does not offer it.
 *
 * <p>Both count every task on the machine, a niced compiler as much as our own guests, so the
 * runner uses them as context in its log lines and reports, and decides on the slowdown its own
 * domains show (see {@code admission.AdmissionController}).
 */
public record MachineLoad(double cpuPressure, double load1, int cores) {
    private static final Path PRESSURE = Path.of("/proc/pressure/cpu");
    private static final Path LOADAVG = Path.of("/proc/loadavg");

    public static MachineLoad now() {
        return new MachineLoad(
                readPressure(PRESSURE), readLoad(LOADAVG), Runtime.getRuntime().availableProcessors());
    }

    /** Runnable tasks per core over the last minute (1.0: every core busy). */
    public double loadPerCore() {
        return load1 / cores;
    }

    /** "cpu pressure 12%, load 1.9 on 2 cores" (parts the kernel did not give are left out). */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (!Double.isNaN(cpuPressure)) {
            text.append(String.format(Locale.ROOT, "cpu pressure %.0f%%, ", cpuPressure * 100));
        }
        if (!Double.isNaN(load1)) {
            text.append(String.format(Locale.ROOT, "load %.1f on ", load1));
        }
        return text.append(cores).append(cores == 1 ? " core" : " cores").toString();
    }

    static double readPressure(Path file) {
        return someField(file, "avg10")
                .map(avg10 -> Double.parseDouble(avg10) / 100.0)
                .orElse(Double.NaN);
    }

    /**
     * Field NAME ({@code avg10}, {@code total}, ...) of the "some" line of the CPU's PSI file
     * (/proc/pressure/cpu); empty where the kernel has no PSI or the file cannot be read.
     */
    public static java.util.Optional<String> cpuPressureField(String name) {
        return someField(PRESSURE, name);
    }

    private static java.util.Optional<String> someField(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("some ")) {
                    for (String field : line.split(" ")) {
                        if (field.startsWith(name + "=")) {
                            return java.util.Optional.of(field.substring(name.length() + 1));
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no PSI on this kernel (or not readable): unknown
        }
        return java.util.Optional.empty();
    }

    static double readLoad(Path file) {
        try {
            return Double.parseDouble(Files.readString(file).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
