package dev.kvmrunner.cli;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.Environment;
import dev.kvmrunner.config.RunSettings;
import dev.kvmrunner.config.SuiteConfig;
import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.domain.Backends;
import dev.kvmrunner.domain.GroupHold;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which suite config, backend and prefixes a command works on: shared by install, uninstall and sh. */
public final class GroupOptions {
    @Option(names = "--suite", paramLabel = "DIR", defaultValue = ".",
            description = "The suite directory whose kvmrunner.toml names the backend, hosts and topology (default: the current directory).")
    Path suite;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "How domains are made real (default: the suite config's, else process).")
    String backend;

    @Option(names = "--prefix", paramLabel = "P",
            description = "A domain group prefix such as 'a.'; repeat for several; '' is the empty prefix "
                    + "(env KVM_PREFIXES or KVM_PREFIX; default a single '').")
    List<String> prefixes = new ArrayList<>();

    /** The suite's config; a missing directory is the user's mistake. */
    SuiteConfig config() {
        if (!Files.isDirectory(suite)) {
            throw new BadInputException("--suite " + suite + ": not a directory");
        }
        return SuiteConfig.load(suite.toAbsolutePath());
    }

    /** The prefixes: flags, then the environment, then ''. */
    List<String> prefixes(Environment environment) {
        return RunSettings.prefixes(prefixes, environment);
    }

    /** The backend the flags or the suite config name, created for CONFIG. */
    Backend backend(SuiteConfig config, String runId) {
        return Backends.create(backend != null ? backend : config.backend(), BackendSettings.of(runId, config));
    }

    /** Holds the groups of PREFIXES of BACKEND for WHAT: refused (exit 2) while a run uses one of them. */
    GroupHold hold(Backend backend, List<String> prefixes, String what, PrintWriter err) {
        return GroupHold.take(GroupHold.directory(System.getenv()), backend.name(), prefixes, what, suite.toAbsolutePath(),
                note -> err.println("kvmrunner: " + note));
    }
}
