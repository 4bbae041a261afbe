package dev.kvmrunner.cli;

import dev.kvmrunner.domain.BackendProvider;
import dev.kvmrunner.domain.BackendSetting;
import dev.kvmrunner.domain.Backends;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The options every command that works on domain groups shares (run, install, uninstall, sh):
 * the backend, the prefixes, and the flags the backends declare for their settings
 * ({@link BackendSetting#flag()}, e.g. the qemu backend's {@code --accel}), added when the
 * command tree is built so that this package names no backend.
 */
public final class BackendOptions {
    @Option(
            names = "--backend",
            paramLabel = "NAME",
            completionCandidates = BackendNames.class,
            description =
                    "How domains are made real: ${COMPLETION-CANDIDATES} (default: the suite config's, else process).")
    String backend;

    @Option(
            names = "--prefix",
            paramLabel = "P[=LOCATION]",
            description =
                    "A domain group prefix such as 'a.'; repeat for several (one test worker each); '' is the empty prefix "
                            + "(env KVM_PREFIXES or KVM_PREFIX, space separated; default a single ''). P=LOCATION puts that group "
                            + "elsewhere, where the backend can (libvirt: a connection URI); the boot pool and --workers are per machine.")
    List<String> prefixes = new ArrayList<>();

    /** The backends' flags as added to this command; empty until the command tree is built. */
    private final List<OptionSpec> flags = new ArrayList<>();

    /** The backend the flags name, if they do. */
    Optional<String> backend() {
        return Optional.ofNullable(backend);
    }

    /** The backend flags the user gave, by flag name. */
    Map<String, String> backendFlags() {
        Map<String, String> given = new LinkedHashMap<>();
        for (OptionSpec option : flags) {
            if (option.getValue() != null) {
                given.put(option.longestName(), option.getValue());
            }
        }
        return given;
    }

    /** Adds every backend's flags to each command of the tree that has these options. */
    static void addBackendFlags(CommandSpec root) {
        for (CommandSpec command : all(root)) {
            find(command).ifPresent(options -> options.addTo(command));
        }
    }

    private void addTo(CommandSpec spec) {
        Map<String, List<String>> descriptions = new LinkedHashMap<>();
        Map<String, BackendSetting> settings = new LinkedHashMap<>();
        for (BackendProvider provider : Backends.providers()) {
            for (BackendSetting setting : provider.settings()) {
                setting.flag().ifPresent(flag -> {
                    settings.putIfAbsent(flag, setting);
                    descriptions
                            .computeIfAbsent(flag, f -> new ArrayList<>())
                            .add(setting.description() + " (env " + setting.environment() + "; [" + provider.name()
                                    + "] " + setting.key() + ")");
                });
            }
        }
        settings.forEach((flag, setting) -> {
            OptionSpec option = OptionSpec.builder(flag)
                    .paramLabel(setting.paramLabel())
                    .type(String.class)
                    .description(String.join("; ", descriptions.get(flag)))
                    .build();
            spec.addOption(option);
            flags.add(option);
        });
    }

    /** These options among SPEC's mixins, also inside a mixin of a mixin (GroupOptions). */
    private static Optional<BackendOptions> find(CommandSpec spec) {
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof BackendOptions options) {
                return Optional.of(options);
            }
            Optional<BackendOptions> nested = find(mixin);
            if (nested.isPresent()) {
                return nested;
            }
        }
        return Optional.empty();
    }

    private static List<CommandSpec> all(CommandSpec root) {
        List<CommandSpec> commands = new ArrayList<>(List.of(root));
        root.subcommands().values().forEach(sub -> commands.addAll(all(sub.getCommandSpec())));
        return commands;
    }

    /** The registered backends' names, for completion and --help. */
    static final class BackendNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Backends.names().iterator();
        }
    }
}
