package dev.kvmrunner.cli;

import dev.kvmrunner.config.Environment;
import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.GroupHold;
import dev.kvmrunner.domain.GroupInstaller;
import dev.kvmrunner.domain.Leftovers;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmrunner uninstall}: ends every process in the prefixes' groups and removes them. */
@Command(
        name = "uninstall",
        mixinStandardHelpOptions = true,
        description = "End every process in the domain groups of the prefixes and remove the groups; "
                + "also end every process and remove every work directory a killed run left behind.",
        footer = {
            "",
            "Exit status: 0 removed (or nothing was there), 2 bad usage or input, " + ExitCodes.INTERNAL_ERROR_FOOTER
        })
public final class UninstallCommand implements Callable<Integer> {
    @Mixin
    GroupOptions options;

    @Option(names = "--all", description = "Remove the groups of every prefix the backend finds, not only those given.")
    boolean all;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // the leftovers of runners killed with SIGKILL, of any backend: QEMU, switches, shells, work directories
        // (only what a dead runner owned: safe next to live runs)
        Leftovers.Cleaned cleaned = Leftovers.clean();
        if (!cleaned.isEmpty()) {
            out.println(cleaned);
        }
        try (Backend backend = options.backend("uninstall", spec)) {
            if (backend.groupInstaller().isEmpty()) {
                if (!all) {
                    // nothing to remove, but a group in use is reported as such, as on every backend
                    options.hold(
                                    backend,
                                    options.prefixes(Environment.system()),
                                    "uninstall",
                                    spec.commandLine().getErr())
                            .close();
                }
                out.println("backend " + backend.name() + " keeps nothing between runs: nothing to uninstall");
                return ExitCodes.OK;
            }
            GroupInstaller installer = backend.groupInstaller().get();
            List<String> prefixes = all ? installer.installedPrefixes() : options.prefixes(Environment.system());
            if (prefixes.isEmpty()) {
                out.println("nothing installed (" + backend.name() + ")");
            }
            // a group a run is using is not pulled from under it: refused like a second run
            try (GroupHold hold = options.hold(
                    backend, prefixes, "uninstall", spec.commandLine().getErr())) {
                for (String prefix : prefixes) {
                    boolean existed = installer.installedPrefixes().contains(prefix);
                    installer.uninstall(prefix);
                    out.println("prefix '" + prefix + "': " + (existed ? "uninstalled" : "not installed") + " ("
                            + backend.name() + ")");
                }
            }
        }
        return ExitCodes.OK;
    }
}
