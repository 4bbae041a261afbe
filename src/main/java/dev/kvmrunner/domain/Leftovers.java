package dev.kvmrunner.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a runner killed with SIGKILL leaves behind, found by the runner that owned it being gone:
 * processes carrying {@link ProcessTree#OWNER_MARKER} (shells, QEMU, vde switches) and work
 * directories ({@code kvmrunner-<run id>-*} in the temporary folder) holding an {@value #OWNER_FILE}
 * file. The next run and {@code uninstall --all} remove both.
 */
public final class Leftovers {
    /** The file in a run's work directory naming the runner that owns it (as {@link ProcessTree#self()}). */
    public static final String OWNER_FILE = "OWNER";

    private Leftovers() {}

    /** What {@link #clean} found and removed. */
    public record Cleaned(List<Long> processes, List<Path> directories) {
        public boolean isEmpty() {
            return processes.isEmpty() && directories.isEmpty();
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            if (!processes.isEmpty()) {
                parts.add("killed " + processes.size() + " processes left by a killed run: " + processes);
            }
            if (!directories.isEmpty()) {
                parts.add("removed " + directories.size() + " work directories left by a killed run: " + directories);
            }
            return String.join("; ", parts);
        }
    }

    /** Marks WORK_DIRECTORY as this runner's, so that it is recognised as a leftover once the runner is gone. */
    public static void claim(Path workDirectory) throws IOException {
        Files.writeString(workDirectory.resolve(OWNER_FILE), ProcessTree.self() + "\n", StandardCharsets.UTF_8);
    }

    /** Kills orphaned processes and removes orphaned work directories in the temporary folder. */
    public static Cleaned clean() {
        List<Long> processes = ProcessTree.orphans();
        ProcessTree.kill(processes);
        return new Cleaned(processes, removeOrphanedDirectories(Path.of(System.getProperty("java.io.tmpdir"))));
    }

    /** Removes every {@code kvmrunner-*} directory in TMP whose {@value #OWNER_FILE} names a runner that is gone. */
    static List<Path> removeOrphanedDirectories(Path tmp) {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, "kvmrunner-*")) {
            for (Path entry : entries) {
                Path owner = entry.resolve(OWNER_FILE);
                String text;
                try {
                    text = Files.readString(owner, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    continue; // not a run's work directory (or not ours to read)
                }
                if (!ProcessTree.ownerAlive(text)) {
                    try {
                        FileTrees.deleteRecursively(entry);
                        removed.add(entry);
                    } catch (IOException e) {
                        // another runner may be removing it too; the next clean-up tries again
                    }
                }
            }
        } catch (IOException e) {
            // no temporary folder to look in: nothing left there
        }
        return removed;
    }
}
