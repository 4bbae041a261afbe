package dev.kvmrunner.cli;

import dev.kvmrunner.config.Environment;
import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.GroupHold;
import dev.kvmrunner.domain.GroupInstaller;
import dev.kvmrunner.domain.SoftwareInstaller;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code kvmrunner install}: creates the domain groups (namespaces, networks) of the prefixes. */
@Command(
        name = "install",
        mixinStandardHelpOptions = true,
        description =
                "Create the domain groups (namespaces, networks) of the prefixes; existing ones are completed, not touched. "
                        + "Then run the suite's install step ([install] script) when the source or the image changed.",
        footer = {
            "",
            "A run installs what is missing by itself and removes only what it installed.",
            "The install step's result is the base every domain boots from; it is skipped, saying so, when nothing changed.",
            "Exit status: 0 installed (or nothing to install), 1 the install step failed, 2 bad usage or input, "
                    + ExitCodes.INTERNAL_ERROR_FOOTER
        })
public final class InstallCommand implements Callable<Integer> {
    @Mixin
    GroupOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (Backend backend = options.backend("install", spec)) {
            Optional<SoftwareInstaller> software = backend.softwareInstaller();
            if (software.isPresent()) {
                try {
                    software.get().installSoftware().ifPresent(out::println);
                } catch (IOException e) {
                    spec.commandLine().getErr().println("kvmrunner install: " + e.getMessage());
                    return ExitCodes.NOT_ALL_PASSED; // the software under test did not install: its failure, not ours
                }
                out.flush();
            }
            if (backend.groupInstaller().isEmpty()) {
                out.println("backend " + backend.name() + " keeps nothing between runs: nothing to install");
                return ExitCodes.OK;
            }
            GroupInstaller installer = backend.groupInstaller().get();
            List<String> prefixes = options.prefixes(Environment.system());
            try (GroupHold hold = options.hold(
                    backend, prefixes, "install", spec.commandLine().getErr())) {
                for (String prefix : prefixes) {
                    boolean existed = installer.installed(prefix);
                    installer.install(prefix);
                    out.println("prefix '" + prefix + "': " + (existed ? "already installed" : "installed") + " ("
                            + backend.name() + ")");
                }
            }
        }
        return ExitCodes.OK;
    }
}
