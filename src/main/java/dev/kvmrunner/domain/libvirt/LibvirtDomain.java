package dev.kvmrunner.domain.libvirt;

import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.console.Credentials;
import dev.kvmrunner.domain.BootException;
import dev.kvmrunner.domain.CopiesTestDirectory;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.qemu.SerialConsole;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A libvirt domain that plays a host. A boot (re)defines it with the current image and starts
 * it paused, joins its serial console, then resumes it, so that no console output is missed. A
 * domain that still runs when it is booted is power-cycled (destroy + start), the hung domain's
 * path; a shutdown asks the guest first and destroys it when the deadline passes. The guest
 * cannot see the runner's files: it gets a copy of the test directory.
 */
final class LibvirtDomain implements Domain, CopiesTestDirectory {
    private final LibvirtBackend backend;
    private final DomainName name;
    private final Virsh virsh;

    LibvirtDomain(LibvirtBackend backend, DomainName name) {
        this.backend = backend;
        this.name = name;
        this.virsh = backend.connection(name.prefix());
    }

    @Override
    public DomainName name() {
        return name;
    }

    @Override
    public synchronized ConsoleStream boot(Duration timeout) throws BootException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            LibvirtBackend.Owner owner = backend.ownerOfDomain(virsh, name);
            if (owner == LibvirtBackend.Owner.FOREIGN) {
                throw new BootException(LibvirtBackend.foreign("domain", name.toString(), virsh));
            }
            if (owner == LibvirtBackend.Owner.OURS && active(state())) {
                // a domain that runs on is one the last test left, or one that hung: pull the power cord
                backend.log(name + " still runs: power-cycling it (destroy + start)");
                virsh.run("destroy", name.toString());
            }
            backend.ensureNetworks(name.prefix(), name.host());
            backend.define(virsh, name);
            virsh.run("start", "--paused", name.toString());
            SerialConsole console = SerialConsole.connect(backend.consoleSocket(name), left(deadline));
            try {
                virsh.run("resume", name.toString());
            } catch (IOException e) {
                console.close();
                throw e;
            }
            return console;
        } catch (IOException e) {
            shutdown(LibvirtSettings.SHUTDOWN);
            throw new BootException(name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Credentials> credentials() {
        return Optional.of(new Credentials("root", backend.settings().password()));
    }

    /**
     * Asks the guest to power off (Ctrl-Alt-Del: the image's init powers off on it, where ACPI
     * needs a daemon it does not run) and waits for it until TIMEOUT, then destroys it.
     */
    @Override
    public synchronized void shutdown(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (backend.ownerOfDomain(virsh, name) != LibvirtBackend.Owner.OURS || !active(state())) {
                return;
            }
            // a paused (hung) guest cannot take the keys: the deadline passes and it is destroyed
            virsh.call(null, "send-key", name.toString(), "KEY_LEFTCTRL", "KEY_LEFTALT", "KEY_DELETE");
            while (System.nanoTime() < deadline) {
                if (!active(state())) {
                    return;
                }
                Thread.sleep(100);
            }
            backend.log(name + " did not shut down within " + timeout.toMillis() + " ms: destroying it");
            virsh.run("destroy", name.toString());
        } catch (IOException e) {
            backend.log(name + ": shutdown: " + e.getMessage());
        }
    }

    private String state() throws IOException, InterruptedException {
        return virsh.run("domstate", name.toString()).strip();
    }

    /** Whether a {@code virsh domstate} answer is of a domain that holds a QEMU. */
    static boolean active(String state) {
        String s = state.strip();
        return !(s.equals("shut off") || s.equals("crashed") || s.isEmpty());
    }

    @Override
    public boolean isRunning() {
        try {
            return backend.ownerOfDomain(virsh, name) == LibvirtBackend.Owner.OURS && active(state());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        try {
            shutdown(LibvirtSettings.SHUTDOWN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }
}
