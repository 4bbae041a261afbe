package dev.kvmrunner.domain;

import java.util.List;

/**
 * An optional ability of a backend: a shell inside one of its domains for a person
 * ({@code kvmrunner sh}), outside the runner's console.
 */
public interface ShellAccess {
    /**
     * The command line that starts a shell in domain NAME: interactive when COMMAND is
     * empty, else one that runs the shell command COMMAND there and exits with its status.
     * Joins the running domain when there is one.
     *
     * @throws dev.kvmrunner.config.BadInputException when the domain does not exist (say how to make it)
     */
    List<String> shellCommand(DomainName name, String command);
}
