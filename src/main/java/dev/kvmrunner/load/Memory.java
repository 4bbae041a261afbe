package dev.kvmrunner.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** The machine's memory, as /proc/meminfo tells it; empty where there is none (not Linux). */
public final class Memory {
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private Memory() {}

    /** Memory the kernel can give new processes without swapping (MemAvailable), in MiB. */
    public static OptionalLong availableMiB() {
        return read("MemAvailable");
    }

    /** All the machine's memory (MemTotal), in MiB. */
    public static OptionalLong totalMiB() {
        return read("MemTotal");
    }

    private static OptionalLong read(String field) {
        try {
            return fieldMiB(Files.readAllLines(MEMINFO), field);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** FIELD of MEMINFO's lines ("MemAvailable:   1234 kB"), in MiB; empty when absent or unreadable. */
    static OptionalLong fieldMiB(List<String> meminfo, String field) {
        for (String line : meminfo) {
            if (line.startsWith(field + ":")) {
                String[] words = line.substring(field.length() + 1).trim().split("\\s+");
                try {
                    long kib = Long.parseLong(words[0]);
                    return words.length > 1 && words[1].equals("kB")
                            ? OptionalLong.of(kib / 1024)
                            : OptionalLong.empty();
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
