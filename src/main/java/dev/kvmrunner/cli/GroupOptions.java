package dev.kvmrunner.cli;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.Environment;
import dev.kvmrunner.config.RunSettings;
import dev.kvmrunner.config.SuiteConfig;
import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.domain.Backends;
import dev.kvmrunner.domain.GroupHold;
import dev.kvmrunner.report.WriterOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Which suite config, backend and prefixes a command works on: shared by install, uninstall and sh. */
public final class GroupOptions {
    @Option(
            names = "--suite",
            paramLabel = "DIR",
            defaultValue = ".",
            description =
                    "The suite directory whose kvmrunner.toml names the backend, hosts and topology (default: the current directory).")
    Path suite;

    @Mixin
    BackendOptions backendOptions;

    /** The suite's config; a missing directory is the user's mistake. */
    SuiteConfig config() {
        if (!Files.isDirectory(suite)) {
            throw new BadInputException("--suite " + suite + ": not a directory");
        }
        return SuiteConfig.load(suite.toAbsolutePath());
    }

    /** The prefixes: flags, then the environment, then ''. */
    List<String> prefixes(Environment environment) {
        return RunSettings.prefixes(backendOptions.prefixes, environment);
    }

    /** The backend of the suite config for WHAT (install, uninstall), reporting to SPEC's error stream. */
    Backend backend(String what, CommandSpec spec) {
        return backend(config(), what, spec);
    }

    /** The backend the flags or the suite config name, with the backend flags and the prefixes' locations, for CONFIG. */
    Backend backend(SuiteConfig config, String runId, CommandSpec spec) {
        PrintStream log =
                new PrintStream(new WriterOutputStream(spec.commandLine().getErr()), true);
        String name = backendOptions.backend().or(config::backend).orElse(Backends.DEFAULT);
        return Backends.create(
                name,
                BackendSettings.of(runId, config)
                        .with(
                                backendOptions.backendFlags(),
                                RunSettings.locations(backendOptions.prefixes, Environment.system()),
                                log));
    }

    /** Holds the groups of PREFIXES of BACKEND for WHAT: refused (exit 2) while a run uses one of them. */
    GroupHold hold(Backend backend, List<String> prefixes, String what, PrintWriter err) {
        return GroupHold.take(
                GroupHold.directory(System.getenv()),
                backend.name(),
                prefixes,
                what,
                suite.toAbsolutePath(),
                note -> err.println("kvmrunner: " + note));
    }
}
