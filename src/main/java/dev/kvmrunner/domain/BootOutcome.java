package dev.kvmrunner.domain;

import dev.kvmrunner.console.Console;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What {@link BootAndLogin} made of a domain: a console at its prompt, or a boot failure (the
 * infrastructure's fault: the runner records boot-failed and may boot again).
 */
public sealed interface BootOutcome {
    /**
     * The domain is up: CONSOLE is logged in and synchronised, in the test directory when one was
     * asked for; START says whether it booted or was restored; CPU_SECONDS what the boot cost the
     * domain's machine ({@link Domain#cpuSeconds()}), when the backend can tell.
     */
    record Ready(Console console, Domain.Start start, OptionalDouble cpuSeconds) implements BootOutcome {
        public Ready(Console console, Domain.Start start) {
            this(console, start, OptionalDouble.empty());
        }
    }

    /**
     * The domain did not come up.
     *
     * @param reason      what went wrong, naming the domain
     * @param consoleTail the last characters its console showed ({@code <nothing>} when it showed
     *                    nothing); empty when it failed before there was a console to watch
     */
    record BootFailed(String reason, Optional<String> consoleTail) implements BootOutcome {
        /** The reason, followed by what the console showed when that is known: one log line. */
        public String describe() {
            return reason + consoleTail.map(tail -> "; console showed: " + tail).orElse("");
        }
    }
}
