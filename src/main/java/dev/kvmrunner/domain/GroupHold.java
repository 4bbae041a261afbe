package dev.kvmrunner.domain;

import dev.kvmrunner.config.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One run (or install, uninstall) at a time per domain group: a hold is an OS lock on the
 * file {@code <holds>/<backend>-<prefix in hex>.hold}, which names its holder (pid, suite, start
 * time). A second taker is refused at once with that name (exit 2). The OS drops the lock when
 * its process dies, even by SIGKILL: a file that still names a holder but is not locked is a
 * stale hold, taken over with a note. The holds directory is {@code $KVMRUNNER_HOLDS}, else
 * {@code <tmp>/kvmrunner-holds}; the files stay (emptied) after use.
 */
public final class GroupHold implements AutoCloseable {
    /** Where hold files live (environment variable; tests give each build its own). */
    public static final String HOLDS_VARIABLE = "KVMRUNNER_HOLDS";

    private final List<Held> held;

    private record Held(Path file, FileChannel channel, FileLock lock) {}

    private GroupHold(List<Held> held) {
        this.held = held;
    }

    /** The holds directory for ENVIRONMENT. */
    public static Path directory(Map<String, String> environment) {
        String configured = environment.get(HOLDS_VARIABLE);
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "kvmrunner-holds");
    }

    /**
     * Holds the groups of PREFIXES of BACKEND for WHAT ({@code run}, {@code install}, ...) on SUITE;
     * NOTES hears about stale holds taken over.
     *
     * @throws BadInputException a group is held by a live run; nothing stays held
     */
    public static GroupHold take(
            Path holds, String backend, List<String> prefixes, String what, Path suite, Consumer<String> notes) {
        List<Held> taken = new ArrayList<>();
        try {
            Files.createDirectories(holds);
            for (String prefix : prefixes) {
                taken.add(takeOne(holds, backend, prefix, what, suite, notes));
            }
        } catch (IOException e) {
            new GroupHold(taken).close();
            throw new UncheckedIOException("cannot hold the domain groups in " + holds, e);
        } catch (RuntimeException e) {
            new GroupHold(taken).close();
            throw e;
        }
        return new GroupHold(taken);
    }

    private static Held takeOne(
            Path holds, String backend, String prefix, String what, Path suite, Consumer<String> notes)
            throws IOException {
        Path file = holds.resolve(
                backend + "-" + HexFormat.of().formatHex(prefix.getBytes(StandardCharsets.UTF_8)) + ".hold");
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already
        }
        String previous = read(channel);
        if (lock == null) {
            channel.close();
            throw new BadInputException("domain group '" + prefix + "' (" + backend + ") is in use by "
                    + (previous.isBlank() ? "another run" : describe(previous))
                    + "; wait for it to end or stop it with kvmrunner kill");
        }
        if (!previous.isBlank()) {
            notes.accept("domain group '" + prefix + "' (" + backend + "): taking over the stale hold of "
                    + describe(previous) + ", which was killed");
        }
        String self = ProcessTree.self();
        String text = "pid=" + ProcessHandle.current().pid() + "\nowner=" + self + "\nwhat=" + what + "\nsuite=" + suite
                + "\nstarted=" + Instant.now() + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new Held(file, channel, lock);
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 64 * 1024));
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    /** "run pid 123 (suite /x, started 2026-...)" from a hold file's text. */
    static String describe(String text) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return fields.getOrDefault("what", "run") + " pid " + fields.getOrDefault("pid", "?") + " (suite "
                + fields.getOrDefault("suite", "?") + ", started " + fields.getOrDefault("started", "?") + ")";
    }

    /** Empties and releases every hold. Idempotent. */
    @Override
    public void close() {
        for (Held h : held) {
            try {
                if (h.channel().isOpen()) {
                    h.channel().truncate(0); // an empty file is a free group, not a stale hold
                    h.lock().release();
                    h.channel().close();
                }
            } catch (IOException e) {
                // closing the channel below drops the lock all the same
                try {
                    h.channel().close();
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
        }
    }
}
