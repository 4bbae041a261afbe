package dev.kvmrunner.domain.libvirt;

import dev.kvmrunner.domain.ProcessTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The runner named in a {@link Mark}'s user: {@code <machine>/<pid>:<start time>}. The machine
 * (its /etc/machine-id, else its host name) is part of it because a libvirt host may be driven
 * by runners on several machines: only a runner of this machine can be seen to be gone, through
 * /proc ({@link ProcessTree#ownerAlive}); another machine's is never judged.
 */
final class RunnerId {
    private static final String MACHINE = machine();

    private RunnerId() {}

    /** This runner. */
    static String self() {
        return MACHINE + "/" + ProcessTree.self();
    }

    /** True when USER names a runner of this machine that is no longer running. */
    static boolean gone(String user) {
        int slash = user.lastIndexOf('/');
        if (slash < 0 || !user.substring(0, slash).equals(MACHINE)) {
            return false;
        }
        return !ProcessTree.ownerAlive(user.substring(slash + 1));
    }

    private static String machine() {
        for (String file : new String[] {"/etc/machine-id", "/proc/sys/kernel/hostname"}) {
            try {
                String id =
                        Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
                if (!id.isEmpty()) {
                    return id;
                }
            } catch (IOException e) {
                // the next source
            }
        }
        return "localhost";
    }
}
