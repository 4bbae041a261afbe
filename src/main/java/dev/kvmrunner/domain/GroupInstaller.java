package dev.kvmrunner.domain;

import java.util.List;

/**
 * An optional ability of a backend whose domain groups exist outside a run (networks,
 * namespaces, disk images): {@code install} creates a prefix's group, {@code uninstall}
 * removes it. The runner installs the groups that are missing before a run and uninstalls
 * exactly those afterwards; a backend without this ability needs nothing installed.
 */
public interface GroupInstaller {
    /** True when the group of PREFIX exists (all of it or part of it). */
    boolean installed(String prefix);

    /** Creates the group of PREFIX; completes a half-made one; harmless when it exists. */
    void install(String prefix);

    /**
     * Ends every process in the group of PREFIX and removes everything the backend made for it,
     * including leftovers of a killed run; harmless when there is nothing.
     */
    void uninstall(String prefix);

    /** Prefixes of which something is installed (leftovers included). */
    List<String> installedPrefixes();
}
