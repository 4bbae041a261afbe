package dev.kvmrunner.domain.fake;

import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend for unit tests: each domain is a few lines of Java that answer like a shell
 * (see {@link FakeShell}). Hosts can be told to fail their boot, never show a prompt, stick in
 * their boot, or ask for a login first.
 */
public final class FakeBackend implements Backend {
    final Set<String> failBoot = ConcurrentHashMap.newKeySet();
    final Set<String> silent = ConcurrentHashMap.newKeySet();
    /** Host → how many more boots of its domains fail. */
    final java.util.Map<String, Integer> failingBoots = new ConcurrentHashMap<>();
    /** Host → what its domains show when they boot, and then nothing more. */
    final java.util.Map<String, String> stuck = new ConcurrentHashMap<>();

    final Set<String> login = ConcurrentHashMap.newKeySet();
    /** Hosts whose guests compute: see {@link #computing}. */
    final Set<String> computing = ConcurrentHashMap.newKeySet();
    /** Hosts whose domains restore a shared snapshot once any domain of the host has booted. */
    final Set<String> restoring = ConcurrentHashMap.newKeySet();

    volatile boolean sharesFirstBoots;
    volatile boolean bootsYield;
    volatile java.time.Duration bootTime = java.time.Duration.ZERO;
    /** Hosts of {@link #restoring} booted so far, in any group. */
    final Set<String> bootedHosts = ConcurrentHashMap.newKeySet();
    /** Every boot and shutdown, in order, as "boot a.east" / "shutdown a.east". */
    public final List<String> journal = new CopyOnWriteArrayList<>();

    final List<FakeDomain> domains = new CopyOnWriteArrayList<>();

    private volatile java.util.Map<String, String> locations = java.util.Map.of();
    private volatile java.util.OptionalLong domainMemory = java.util.OptionalLong.empty();

    /** Puts the groups of these prefixes on other (make-believe) machines. */
    public FakeBackend placed(java.util.Map<String, String> newLocations) {
        locations = java.util.Map.copyOf(newLocations);
        return this;
    }

    @Override
    public String machineOf(String prefix) {
        return locations.getOrDefault(prefix, "local");
    }

    /** Booting HOST's domains throws a BootException. */
    public FakeBackend failBoot(String host) {
        failBoot.add(host);
        return this;
    }

    /** The next TIMES boots of HOST's domains throw a BootException; later ones succeed. */
    public FakeBackend failBoots(String host, int times) {
        failingBoots.put(host, times);
        return this;
    }

    /** HOST's domains boot but their console never answers. */
    public FakeBackend silent(String host) {
        silent.add(host);
        return this;
    }

    /**
     * Domains report CPU time ({@link dev.kvmrunner.domain.Domain#cpuSeconds()}): HOST's domains a
     * CPU-second per command their shell ran, every other host's none, as qemu guests that compute
     * and guests that wait.
     */
    public FakeBackend computing(String host) {
        computing.add(host);
        return this;
    }

    /** HOST's domains ask for a login ({@link #CREDENTIALS}) before their shell starts. */
    public FakeBackend login(String host) {
        login.add(host);
        return this;
    }

    /**
     * After the first boot of a HOST's domain, in any group, every later boot of one of its domains
     * reports {@link dev.kvmrunner.domain.Domain.Start#RESTORED}, as the qemu backend's shared snapshots do.
     */
    public FakeBackend restoring(String host) {
        restoring.add(host);
        return this;
    }

    /** Each domain takes MIB of this machine's memory ({@link Backend#domainMemoryMiB()}), as a qemu guest does. */
    public FakeBackend domainsTake(long mib) {
        domainMemory = java.util.OptionalLong.of(mib);
        return this;
    }

    @Override
    public java.util.OptionalLong domainMemoryMiB() {
        return domainMemory;
    }

    /** Shares first boots between groups ({@link Backend#sharesFirstBoots()}), as qemu's shared snapshots do. */
    public FakeBackend sharingFirstBoots() {
        sharesFirstBoots = true;
        return this;
    }

    /** Every boot takes TIME before its console answers; the journal notes its end ("booted a.east"). */
    public FakeBackend bootTakes(java.time.Duration time) {
        bootTime = time;
        return this;
    }

    @Override
    public boolean sharesFirstBoots() {
        return sharesFirstBoots;
    }

    /** Booting domains yield the CPU to running ones ({@link Backend#bootsYieldToTests()}), as qemu's guests do as root. */
    public FakeBackend yieldingBoots() {
        bootsYield = true;
        return this;
    }

    @Override
    public boolean bootsYieldToTests() {
        return bootsYield;
    }

    /** HOST's domains show TEXT when they boot and then nothing more (no login prompt, no shell): a guest stuck in boot. */
    public FakeBackend stuck(String host, String text) {
        stuck.put(host, text);
        return this;
    }

    /** What a domain of {@link #login} accepts. */
    public static final dev.kvmrunner.console.Credentials CREDENTIALS =
            new dev.kvmrunner.console.Credentials("root", "fake");

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public Domain domain(DomainName name, Path workDirectory) {
        FakeDomain domain = new FakeDomain(name, this);
        domains.add(domain);
        return domain;
    }

    /** Domains still running. */
    public List<String> running() {
        return domains.stream()
                .filter(FakeDomain::isRunning)
                .map(d -> d.name().toString())
                .toList();
    }
}
