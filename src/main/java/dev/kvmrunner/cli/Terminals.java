package dev.kvmrunner.cli;

import java.io.IOException;
import java.util.Optional;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** The user's terminal (progress line, sh): only when stdout is one (System.console()) and it is not a dumb one. */
final class Terminals {
    private Terminals() {
    }

    static Optional<Terminal> open(boolean wanted) {
        if (!wanted || System.console() == null || "dumb".equals(System.getenv("TERM"))) {
            return Optional.empty();
        }
        try {
            Terminal terminal = TerminalBuilder.builder().system(true).dumb(false).build();
            if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
                terminal.close();
                return Optional.empty();
            }
            return Optional.of(terminal);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
