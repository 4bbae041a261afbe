package dev.kvmrunner.domain.netns;

import static dev.kvmrunner.domain.Prerequisite.manual;
import static dev.kvmrunner.domain.Prerequisite.optional;
import static dev.kvmrunner.domain.Prerequisite.required;

import dev.kvmrunner.domain.Ability;
import dev.kvmrunner.domain.BackendProvider;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.domain.ConfiguredBackend;
import dev.kvmrunner.domain.Prerequisite;
import dev.kvmrunner.domain.Prerequisite.FileExists;
import dev.kvmrunner.domain.Prerequisite.Program;
import dev.kvmrunner.domain.Prerequisite.Root;
import java.util.List;
import java.util.Set;

/** The netns backend: a Linux network namespace per domain, real networks from the topology (root). */
public final class NetnsProvider implements BackendProvider {
    @Override
    public String name() {
        return NetnsBackend.NAME;
    }

    @Override
    public String description() {
        return "a Linux network namespace per domain, networks from [topology] (root)";
    }

    @Override
    public List<Prerequisite> prerequisites() {
        return List.of(
                manual(name(), new Root(), "root", "run kvmrunner as root, e.g. sudo ./kvmrunner ...", true),
                required(name(), new Program("ip"), "ip (iproute2)", "iproute2"),
                required(name(), new Program("unshare"), "unshare (util-linux)", "util-linux"),
                required(name(), new Program("nsenter"), "nsenter (util-linux)", "util-linux"),
                required(name(), new Program("sysctl"), "sysctl (procps)", "procps"),
                manual(
                        name(),
                        new FileExists("/proc/self/ns/net"),
                        "network namespaces in the kernel",
                        "a kernel built with CONFIG_NET_NS (every distribution kernel is)",
                        true),
                required(name(), new Program("bash"), "bash", "bash"),
                optional(name(), new Program("ping"), "ping (examples/netns)", "iputils-ping"),
                optional(name(), new Program("nc"), "nc (examples/netns)", "netcat-openbsd"),
                optional(name(), new Program("nft"), "nft (examples/netns)", "nftables"));
    }

    @Override
    public Set<Ability> abilities() {
        return Set.of(Ability.GROUP_INSTALL, Ability.SHELL);
    }

    @Override
    public ConfiguredBackend configure(BackendSettings settings) {
        settings.values(this); // no settings of its own: a [netns] table may only be empty
        // its constructor checks the names of links and bridges and starts nothing
        NetnsBackend backend = new NetnsBackend(settings);
        return ConfiguredBackend.of(List.of(), () -> backend);
    }
}
