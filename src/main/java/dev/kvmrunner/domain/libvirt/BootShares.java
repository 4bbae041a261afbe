package dev.kvmrunner.domain.libvirt;

import dev.kvmrunner.domain.DomainName;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Booting domains yield the CPU to domains that run a test's scripts, as the qemu backend's
 * guests do ({@code BootPriority}): libvirt runs each domain's QEMU in a cgroup of its own, where
 * a process's nice counts only against its own group, so the lever is the group's weight, the
 * domain's {@code cpu_shares} ({@code virsh schedinfo --live}). A booting (or restoring) domain
 * gets {@value #BOOTING} and, logged in, libvirt's default {@value #RUNNING}: about the tenth of a
 * running guest's weight that a booting qemu guest's nice 10 gives it. A libvirt host without a
 * cgroup CPU controller refuses; that is said once per connection and not tried there again.
 */
final class BootShares {
    /** A booting domain's cpu_shares: the weight of nice 10 against nice 0's 1024. */
    static final int BOOTING = 110;

    /** libvirt's default cpu_shares, a running domain's. */
    static final int RUNNING = 1024;

    /** The connection URIs that refused, with why. */
    private final Map<String, String> refused = new ConcurrentHashMap<>();

    private final Consumer<String> log;

    BootShares(Consumer<String> log) {
        this.log = log;
    }

    /** NAME, started paused on VIRSH's host, is about to boot or restore. */
    void booting(Virsh virsh, DomainName name) throws InterruptedException {
        set(virsh, name, BOOTING);
    }

    /** NAME is logged in: it now runs a test's scripts. */
    void running(Virsh virsh, DomainName name) throws InterruptedException {
        set(virsh, name, RUNNING);
    }

    private void set(Virsh virsh, DomainName name, int shares) throws InterruptedException {
        if (refused.containsKey(virsh.uri())) {
            return;
        }
        try {
            virsh.run("schedinfo", name.toString(), "--live", "cpu_shares=" + shares);
        } catch (IOException e) {
            if (refused.putIfAbsent(virsh.uri(), e.getMessage()) == null) {
                log.accept("booting domains on " + virsh.uri() + " cannot be given fewer CPU shares than running ones ("
                        + e.getMessage() + "): they compete with the tests' domains as equals there");
            }
        }
    }
}
