package dev.kvmrunner.domain.libvirt;

import dev.kvmrunner.domain.ExternalCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One libvirt connection, driven through {@code virsh -c URI} argument lists (see DESIGN.md for
 * why not the Java binding): every call is a {@link ExternalCommand} with a deadline, so a hung
 * libvirtd or an unreachable remote host fails the call instead of hanging a worker.
 */
final class Virsh {
    private final String uri;
    private final Duration call;

    /** A connection to URI whose every call may take CALL ({@link dev.kvmrunner.timeouts.Timeouts#libvirtCall}). */
    Virsh(String uri, Duration call) {
        this.uri = uri;
        this.call = call;
    }

    String uri() {
        return uri;
    }

    /** A virsh call that failed; its message is virsh's own error. */
    static final class Failed extends IOException {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }

    /** Runs {@code virsh -c URI ARGS}; its output, or {@link Failed} with virsh's error. */
    String run(String... args) throws IOException, InterruptedException {
        return feed(null, args);
    }

    /** As {@link #run(String...)}, with INPUT on stdin ({@code define /dev/stdin}). */
    String feed(String input, String... args) throws IOException, InterruptedException {
        ExternalCommand.Outcome outcome = call(input, args);
        if (!outcome.ok()) {
            throw new Failed("virsh -c " + uri + " " + String.join(" ", args) + ": " + said(outcome));
        }
        return outcome.stdout();
    }

    /** Runs {@code virsh -c URI ARGS} and returns how it ended, failed or not. */
    ExternalCommand.Outcome call(String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        command.addAll(Arrays.asList(args));
        return ExternalCommand.run(
                command,
                null,
                java.util.Map.of(),
                input == null ? null : input.getBytes(StandardCharsets.UTF_8),
                false,
                call);
    }

    /** The lines of a {@code --name} listing, without blanks. */
    List<String> names(String... args) throws IOException, InterruptedException {
        return run(args).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String said(ExternalCommand.Outcome outcome) {
        String text = (outcome.stderr() + outcome.stdout()).strip().replace('\n', ' ');
        return text.isEmpty() ? "exit status " + outcome.status() : text;
    }
}
