package dev.kvmrunner.domain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** All domains of one prefix. Exactly one test worker uses a group at a time. */
public final class DomainGroup implements AutoCloseable {
    private final String prefix;
    private final Backend backend;
    private final Path workDirectory;
    private final Map<String, Domain> domains = new LinkedHashMap<>();

    public DomainGroup(String prefix, Backend backend, Path workDirectory) {
        this.prefix = DomainName.checkPrefix(prefix);
        this.backend = backend;
        this.workDirectory = workDirectory;
    }

    public String prefix() {
        return prefix;
    }

    /** The domain that plays HOST in this group, created on first use. */
    public synchronized Domain domain(String host) {
        return domains.computeIfAbsent(host, h -> {
            DomainName name = new DomainName(prefix, h);
            return backend.domain(name, workDirectory.resolve(name.toString()));
        });
    }

    /** Domains of this group that run and do not play one of HOSTS. */
    public synchronized List<Domain> runningExcept(Collection<String> hosts) {
        List<Domain> unused = new ArrayList<>();
        domains.forEach((host, domain) -> {
            if (!hosts.contains(host) && domain.isRunning()) {
                unused.add(domain);
            }
        });
        return unused;
    }

    public synchronized List<Domain> all() {
        return List.copyOf(domains.values());
    }

    /**
     * Closes every domain, each in its own try: one that fails to close does not leave the
     * others running. Then throws the first failure, the later ones attached as suppressed.
     * Safe to call twice.
     */
    @Override
    public void close() {
        RuntimeException failed = null;
        for (Domain domain : all()) {
            try {
                domain.close();
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
