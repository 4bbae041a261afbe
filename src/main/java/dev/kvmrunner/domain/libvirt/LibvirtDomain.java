package dev.kvmrunner.domain.libvirt;

import dev.kvmrunner.console.Console;
import dev.kvmrunner.console.ConsoleException;
import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.console.Credentials;
import dev.kvmrunner.domain.AfterLogin;
import dev.kvmrunner.domain.BootException;
import dev.kvmrunner.domain.CopiesTestDirectory;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.qemu.SerialConsole;
import dev.kvmrunner.timeouts.Deadline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

/**
 * A libvirt domain that plays a host. A boot (re)defines it with the current image and starts
 * it paused, joins its serial console, then resumes it, so that no console output is missed. A
 * domain that still runs when it is booted is power-cycled (destroy + start), the hung domain's
 * path; a shutdown asks the guest first and destroys it when the deadline passes. The guest
 * cannot see the runner's files: it gets a copy of the test directory. With reset = snapshot
 * (on a libvirt host that is this machine) the state of the first logged-in boot is saved
 * ({@code virsh save}) and later boots restore it ({@code virsh restore}), already logged in.
 */
final class LibvirtDomain implements Domain, CopiesTestDirectory, AfterLogin {
    private final LibvirtBackend backend;
    private final DomainName name;
    private final Virsh virsh;
    private SwitchingConsole console;
    private boolean restored;
    private String definition;

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
        Deadline deadline = Deadline.of(timeout);
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
            definition = backend.definition(name);
            Mark mark = backend.defineForBoot(virsh, name);
            restored = false;
            if (snapshots() && usableSave()) {
                try {
                    virsh.run("restore", saveFile().toString(), "--paused");
                    restored = true;
                    LibvirtBackend.remark(virsh, name, mark, true);
                } catch (IOException e) {
                    // a save that does not restore is thrown away; a cold boot makes a new one
                    backend.log(
                            name + ": restoring " + saveFile() + " failed (" + e.getMessage() + "): booting instead");
                    deleteSave();
                }
            }
            if (!restored) {
                if (backend.settings().disk().isPresent()) {
                    backend.freshOverlay(virsh, name);
                }
                virsh.run("start", "--paused", name.toString());
            }
            if (mark.kept()) {
                LibvirtBackend.remark(virsh, name, mark.usedBy(""), false);
            }
            backend.bootShares().booting(virsh, name);
            console = new SwitchingConsole(connectAndResume(deadline));
            return console;
        } catch (IOException e) {
            shutdown(backend.settings().timeouts().shutdownTimeout());
            throw new BootException(name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<AfterLogin> afterLoginHook() {
        return Optional.of(this);
    }

    @Override
    public Optional<CopiesTestDirectory> testDirectoryCopy() {
        return Optional.of(this);
    }

    /** Connects to the console of the paused domain, then lets it run: no output is missed. */
    private ConsoleStream connectAndResume(Deadline deadline) throws IOException, InterruptedException {
        ConsoleStream serial = LibvirtBackend.isLocal(virsh.uri())
                ? SerialConsole.connect(backend.consoleSocket(name), deadline.remainingAtLeastAMillisecond())
                : VirshConsole.connect(
                        virsh, name, backend.settings().runId(), deadline.remainingAtLeastAMillisecond());
        try {
            virsh.run("resume", name.toString());
        } catch (IOException e) {
            serial.close();
            throw e;
        }
        return serial;
    }

    /** Logged in: the domain no longer yields the CPU to the tests' domains. */
    @Override
    public void ready() {
        try {
            backend.bootShares().running(virsh, name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized Start lastStart() {
        return restored ? Start.RESTORED : Start.COLD;
    }

    /** Empty after a restore: the restored guest is already logged in. */
    @Override
    public synchronized Optional<Credentials> credentials() {
        return restored
                ? Optional.empty()
                : Optional.of(new Credentials("root", backend.settings().password()));
    }

    /**
     * After a restore, sets the guest clock from the RTC (it stands at the time of the save).
     * After a cold boot with reset = snapshot and no save yet, saves the logged-in domain and
     * restores it at once: its QEMU is replaced, and so is the console connection underneath
     * the runner's console ({@link SwitchingConsole}).
     */
    @Override
    public synchronized void afterLogin(Console runnerConsole, Duration timeout)
            throws BootException, ConsoleException, InterruptedException {
        if (restored) {
            runnerConsole.run("busybox hwclock -s", timeout);
            return;
        }
        try {
            if (!snapshots() || usableSave() || console == null) {
                return;
            }
        } catch (IOException e) {
            return;
        }
        Deadline deadline = Deadline.of(timeout);
        Path file = saveFile();
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        console.beginSwitch();
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(partial);
            virsh.run("save", name.toString(), partial.toString());
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(keyFile(), definition, StandardCharsets.UTF_8);
            virsh.run("restore", file.toString(), "--paused");
            console.switchTo(connectAndResume(deadline));
        } catch (IOException e) {
            console.endSwitch();
            // no save means the next reset boots: slower, not wrong; but a domain the save stopped is down
            backend.log(name + ": cannot save its state: " + e.getMessage());
            try {
                Files.deleteIfExists(partial);
                deleteSave();
                if (!active(state())) {
                    throw new BootException(name + ": saving the logged-in domain stopped it: " + e.getMessage(), e);
                }
            } catch (IOException again) {
                throw new BootException(name + ": " + again.getMessage(), again);
            }
        }
    }

    private boolean snapshots() {
        return backend.settings().reset() == LibvirtSettings.Reset.SNAPSHOT && LibvirtBackend.isLocal(virsh.uri());
    }

    /** The saved state of this domain, on its (local) libvirt host. */
    private Path saveFile() {
        return backend.saveFile(name);
    }

    private Path keyFile() {
        return saveFile().resolveSibling(saveFile().getFileName() + ".key");
    }

    /** A save restores only into the domain it was made of: same image, kernel command line, devices. */
    private boolean usableSave() throws IOException {
        return Files.isRegularFile(saveFile())
                && Files.isRegularFile(keyFile())
                && Files.readString(keyFile(), StandardCharsets.UTF_8).equals(definition);
    }

    private void deleteSave() throws IOException {
        Files.deleteIfExists(keyFile());
        Files.deleteIfExists(saveFile());
    }

    /**
     * Asks the guest to power off (Ctrl-Alt-Del: the image's init powers off on it, where ACPI
     * needs a daemon it does not run) and waits for it until TIMEOUT, then destroys it.
     */
    @Override
    public synchronized void shutdown(Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.of(timeout);
        try {
            if (backend.ownerOfDomain(virsh, name) != LibvirtBackend.Owner.OURS || !active(state())) {
                return;
            }
            // a paused (hung) guest cannot take the keys: the deadline passes and it is destroyed
            virsh.call(null, "send-key", name.toString(), "KEY_LEFTCTRL", "KEY_LEFTALT", "KEY_DELETE");
            while (!deadline.expired()) {
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
            shutdown(backend.settings().timeouts().shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
