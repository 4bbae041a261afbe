package dev.kvmrunner.domain;

import java.util.List;
import java.util.Set;

/**
 * One backend, and everything the rest of the program knows about it: its name, its settings,
 * what it needs on the machine, what it can do, and how it is made. Each backend package has
 * exactly one provider, registered with one line in
 * {@code META-INF/services/dev.kvmrunner.domain.BackendProvider} ({@link java.util.ServiceLoader});
 * {@link Backends} finds them. The runner, config, cli and doctor packages name no backend
 * (compare syzkaller's {@code vm/vmimpl}: one contract, a constructor registered per type).
 */
public interface BackendProvider {
    /** The name used by {@code --backend} and the suite config's {@code backend}; also its table's name. */
    String name();

    /** One line for {@code doctor}, {@code --help} and the README: what the domains are. */
    String description();

    /**
     * The settings this backend reads: keys of its own {@code [name]} table in kvmrunner.toml,
     * each with its environment variable and, for some, a command-line flag. A key of the table
     * that is not listed here is an error naming the file and line.
     */
    default List<BackendSetting> settings() {
        return List.of();
    }

    /** What the backend needs on the machine, with Debian package names, for {@code doctor}. */
    List<Prerequisite> prerequisites();

    /** What the backend can do beyond booting domains; a {@link Backend} answers for the same abilities. */
    default Set<Ability> abilities() {
        return Set.of();
    }

    /**
     * Commands of the backend's own (the qemu backend's {@code image build} and {@code bench boot}):
     * picocli command objects, each added under its parent command.
     */
    default List<BackendCommand> commands() {
        return List.of();
    }

    /**
     * A command of a backend's own.
     *
     * @param parent  the command it goes under: "" for a verb of its own, or a verb such as "bench"
     * @param command the picocli command object
     */
    record BackendCommand(String parent, Object command) {}

    /**
     * Reads and checks SETTINGS (its table, the environment, the flags) without starting
     * anything: {@code run --dry-run} stops here.
     *
     * @throws dev.kvmrunner.config.BadInputException naming where a bad value was written
     */
    ConfiguredBackend configure(BackendSettings settings);
}
