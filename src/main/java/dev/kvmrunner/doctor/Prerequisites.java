package dev.kvmrunner.doctor;

import dev.kvmrunner.domain.Backends;
import dev.kvmrunner.domain.Prerequisite;
import dev.kvmrunner.domain.Prerequisite.Program;
import java.util.List;
import java.util.Optional;

/**
 * What every registered backend needs, in the order of {@link Backends#providers()}: each
 * backend's provider says it; the doctor only reads it.
 */
public final class Prerequisites {
    private Prerequisites() {}

    /** Every backend's prerequisites, backend by backend. */
    public static List<Prerequisite> all() {
        return Backends.providers().stream()
                .flatMap(p -> p.prerequisites().stream())
                .toList();
    }

    /** The Debian package that provides PROGRAM, when a backend names one. */
    public static Optional<String> packageOf(String program) {
        return all().stream()
                .filter(p -> p.probe().equals(new Program(program)))
                .flatMap(p -> p.debianPackage().stream())
                .findFirst();
    }
}
