package dev.kvmrunner.domain.process;

import static dev.kvmrunner.domain.Prerequisite.optional;
import static dev.kvmrunner.domain.Prerequisite.required;

import dev.kvmrunner.domain.BackendProvider;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.domain.ConfiguredBackend;
import dev.kvmrunner.domain.Prerequisite;
import dev.kvmrunner.domain.Prerequisite.Program;
import java.util.List;

/** The process backend: unprivileged local shells, the default; it runs anywhere. */
public final class ProcessProvider implements BackendProvider {
    @Override
    public String name() {
        return ProcessBackend.NAME;
    }

    @Override
    public String description() {
        return "unprivileged local shells, one per domain (the default; runs anywhere)";
    }

    @Override
    public List<Prerequisite> prerequisites() {
        return List.of(
                required(name(), new Program("bash"), "bash", "bash"),
                optional(name(), new Program("sed"), "sed (sanitizers)", "sed"),
                optional(name(), new Program("gawk"), "gawk (sanitizers)", "gawk"),
                optional(name(), new Program("perl"), "perl (sanitizers, examples/basic)", "perl"));
    }

    @Override
    public ConfiguredBackend configure(BackendSettings settings) {
        settings.values(this); // no settings of its own: a [process] table may only be empty
        return ConfiguredBackend.of(List.of(), () -> new ProcessBackend(settings.runId(), settings.timeouts()));
    }
}
