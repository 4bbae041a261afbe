package dev.kvmrunner.domain.fake;

import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.console.Credentials;
import dev.kvmrunner.domain.BootException;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import java.time.Duration;
import java.util.Optional;

final class FakeDomain implements Domain {
    private final DomainName name;
    private final FakeBackend backend;
    private FakeShell shell;
    private Start start = Start.COLD;

    FakeDomain(DomainName name, FakeBackend backend) {
        this.name = name;
        this.backend = backend;
    }

    @Override
    public DomainName name() {
        return name;
    }

    @Override
    public synchronized ConsoleStream boot(Duration timeout) throws BootException, InterruptedException {
        shutdown(timeout);
        backend.journal.add("boot " + name);
        if (backend.failingBoots.getOrDefault(name.host(), 0) > 0) {
            backend.failingBoots.merge(name.host(), -1, Integer::sum);
            throw new BootException(name + " fails this boot (fake)");
        }
        if (backend.failBoot.contains(name.host())) {
            throw new BootException(name + " refuses to boot (fake)");
        }
        start = backend.restoring.contains(name.host()) && backend.bootedHosts.contains(name.host())
                ? Start.RESTORED
                : Start.COLD;
        if (!backend.bootTime.isZero()) {
            Thread.sleep(backend.bootTime.toMillis()); // the fake's stand-in for a guest's boot
            backend.journal.add("booted " + name);
        }
        backend.bootedHosts.add(name.host());
        shell = new FakeShell(
                name.host(),
                backend.silent.contains(name.host()),
                backend.stuck.get(name.host()),
                backend.login.contains(name.host()) ? FakeBackend.CREDENTIALS : null);
        return shell;
    }

    /** With {@link FakeBackend#computing}: a CPU-second per command for a computing host, none for the others. */
    @Override
    public synchronized java.util.OptionalDouble cpuSeconds() {
        if (backend.computing.isEmpty()) {
            return java.util.OptionalDouble.empty();
        }
        int commands = shell == null ? 0 : shell.commands();
        return java.util.OptionalDouble.of(backend.computing.contains(name.host()) ? commands : 0);
    }

    @Override
    public synchronized Start lastStart() {
        return start;
    }

    @Override
    public Optional<Credentials> credentials() {
        return backend.login.contains(name.host()) ? Optional.of(FakeBackend.CREDENTIALS) : Optional.empty();
    }

    @Override
    public synchronized void shutdown(Duration timeout) {
        if (shell != null) {
            backend.journal.add("shutdown " + name);
            shell.kill();
            shell = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return shell != null && shell.alive();
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }
}
