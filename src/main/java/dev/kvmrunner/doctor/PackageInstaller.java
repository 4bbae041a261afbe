package dev.kvmrunner.doctor;

import dev.kvmrunner.domain.ExternalCommand;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Installs Debian packages with apt-get for {@code doctor --fix}: as root only, argument lists
 * only (package names come from the prerequisite table, never from a shell string).
 */
public final class PackageInstaller {
    /** Runs one command with the terminal attached and returns its exit status. */
    public interface CommandRunner {
        int run(List<String> argv) throws Exception;
    }

    private final CommandRunner runner;
    private final boolean root;
    private final boolean aptPresent;

    public PackageInstaller(CommandRunner runner, boolean root, boolean aptPresent) {
        this.runner = runner;
        this.root = root;
        this.aptPresent = aptPresent;
    }

    /** The installer of this machine: apt-get with stdin, stdout and stderr of the runner. */
    public static PackageInstaller ofThisMachine(boolean root, boolean aptPresent) {
        // no debconf questions
        return new PackageInstaller(
                argv -> ExternalCommand.runAttached(
                        argv, Map.of("DEBIAN_FRONTEND", "noninteractive"), Timeouts.DEFAULTS.packages()),
                root,
                aptPresent);
    }

    /** Why PACKAGES cannot be installed here, or null when they can. */
    public String refusal() {
        if (!aptPresent) {
            return "doctor --fix installs with apt-get (Debian and derivatives); this machine has no apt-get";
        }
        if (!root) {
            return "doctor --fix installs packages: run it as root, e.g. sudo kvmrunner doctor --fix";
        }
        return null;
    }

    /** Refreshes the package lists, then installs PACKAGES; returns false when apt-get failed. */
    public boolean install(List<String> packages, PrintWriter out) throws Exception {
        if (packages.isEmpty()) {
            return true;
        }
        List<String> update = List.of("apt-get", "update");
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "--no-install-recommends"));
        install.addAll(packages);
        for (List<String> argv : List.of(update, install)) {
            out.println("+ " + String.join(" ", argv));
            out.flush();
            int status = runner.run(argv);
            if (status != 0) {
                out.println("kvmrunner: " + argv.get(0) + " " + argv.get(1) + " exited with status " + status);
                return false;
            }
        }
        return true;
    }
}
