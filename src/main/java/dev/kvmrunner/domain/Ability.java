package dev.kvmrunner.domain;

/**
 * What a backend can do beyond booting domains and running consoles. A provider lists them for
 * people ({@code doctor}, {@code --dry-run}); its {@link Backend} answers the matching accessor.
 */
public enum Ability {
    /** Domain groups that outlive a run ({@code install}/{@code uninstall}): {@link Backend#groupInstaller()}. */
    GROUP_INSTALL("install/uninstall domain groups"),
    /** The suite's install step into the domains' base: {@link Backend#softwareInstaller()}. */
    SOFTWARE_INSTALL("the suite's install step"),
    /** A shell in a domain for a person: {@link Backend#shellAccess()}. */
    SHELL("sh"),
    /** Joining a running domain's console: {@link Backend#consoleAccess()}. */
    CONSOLE("sh attaches to a running console"),
    /** Reset by restoring a logged-in snapshot instead of booting. */
    SNAPSHOT_RESET("snapshot reset"),
    /** A domain group on another machine ({@code --prefix b.=LOCATION}): {@link Backend#machineOf(String)}. */
    REMOTE_GROUPS("domain groups on other machines (--prefix P=LOCATION)");

    private final String description;

    Ability(String description) {
        this.description = description;
    }

    /** For people: what the ability means on the command line. */
    public String description() {
        return description;
    }
}
