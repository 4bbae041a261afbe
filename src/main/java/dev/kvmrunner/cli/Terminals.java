package dev.kvmrunner.cli;

import java.io.Console;
import java.io.IOException;
import java.util.Optional;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** The user's terminal (progress line, sh): only when stdout is one (System.console()) and it is not a dumb one. */
final class Terminals {
    private Terminals() {}

    static Optional<Terminal> open(boolean wanted) {
        if (!wanted || !onTerminal() || "dumb".equals(System.getenv("TERM"))) {
            return Optional.empty();
        }
        try {
            Terminal terminal =
                    TerminalBuilder.builder().system(true).dumb(false).build();
            if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
                terminal.close();
                return Optional.empty();
            }
            return Optional.of(terminal);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether stdin and stdout are a terminal. On Java 17 to 21 that is System.console() != null;
     * from JDK 22 on, System.console() is never null and Console.isTerminal() (absent from 17)
     * answers, so it is called where it exists.
     */
    @SuppressWarnings("SystemConsoleNull") // handled: the null test is for Java 17 to 21, isTerminal for 22 on
    static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // before JDK 22: a console exists only on a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
