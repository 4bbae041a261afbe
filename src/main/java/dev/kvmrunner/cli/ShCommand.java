package dev.kvmrunner.cli;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.config.SuiteConfig;
import dev.kvmrunner.console.Console;
import dev.kvmrunner.console.ConsoleException;
import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.domain.Ability;
import dev.kvmrunner.domain.Backend;
import dev.kvmrunner.domain.Backends;
import dev.kvmrunner.domain.BootAndLogin;
import dev.kvmrunner.domain.BootException;
import dev.kvmrunner.domain.BootOutcome;
import dev.kvmrunner.domain.ConsoleAccess;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.ShellAccess;
import dev.kvmrunner.domain.StartedDomain;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kvmrunner sh DOMAIN [-- COMMAND]}: a shell in a domain, like libreswan's kvmsh. */
@Command(
        name = "sh",
        mixinStandardHelpOptions = true,
        description = "Open a shell in DOMAIN (e.g. a.east), or run COMMAND there and exit with its status.",
        footer = {
            "",
            "Examples:  kvmrunner sh --suite examples/netns a.east",
            "           kvmrunner sh --suite examples/netns a.west -- ping -c 1 198.51.100.23",
            "The shell joins the running domain when a run has booted it. Otherwise it boots and logs into the domain",
            "(qemu: shut down again when the shell ends) or starts its namespaces (netns).",
            "Exit status: COMMAND's (or the shell's), 2 bad usage or input, " + ExitCodes.INTERNAL_ERROR_FOOTER
        })
public final class ShCommand implements Callable<Integer> {
    @Mixin
    GroupOptions options;

    @Parameters(index = "0", paramLabel = "DOMAIN", description = "<prefix><host>, e.g. a.east or east.")
    String domain;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "A shell command (words are joined with spaces).")
    List<String> command = new ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The suite's timeouts (sh has no --timeout-scale). */
    private Timeouts timeouts = Timeouts.DEFAULTS;

    @Override
    public Integer call() throws InterruptedException {
        SuiteConfig config = options.config();
        timeouts = config.timeouts();
        DomainName name = parse(domain);
        List<String> argv;
        try (Backend backend = options.backend(config, "sh", spec)) {
            if (backend.consoleAccess().isPresent()) {
                return attachOrBoot(backend, backend.consoleAccess().get(), name, timeouts.bootTimeout());
            }
            ShellAccess access = backend.shellAccess()
                    .orElseThrow(() -> new BadInputException("backend " + backend.name()
                            + " has no shell outside a run; use a backend with a shell ("
                            + String.join(
                                    ", ",
                                    Backends.names().stream()
                                            .filter(n -> Backends.provider(n)
                                                            .abilities()
                                                            .contains(Ability.SHELL)
                                                    || Backends.provider(n)
                                                            .abilities()
                                                            .contains(Ability.CONSOLE))
                                            .toList())
                            + ")"));
            argv = access.shellCommand(name, String.join(" ", command));
        }
        // a person's session in the domain, as long as they like (Ctrl-C or exit ends it): no deadline,
        // so not ExternalCommand; the domain's processes carry its marker and end with the domain
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (command.isEmpty()) {
            return start(builder.inheritIO()).waitFor();
        }
        builder.redirectInput(ProcessBuilder.Redirect.INHERIT);
        Process process = start(builder);
        Thread errors = pump(process.getErrorStream(), spec.commandLine().getErr());
        pump(process.getInputStream(), spec.commandLine().getOut()).join();
        errors.join();
        return process.waitFor();
    }

    /**
     * Joins NAME's console; when NAME is not running, boots and logs into it first (as
     * libreswan's kvmsh does) and shuts it down when the session ends.
     */
    private int attachOrBoot(Backend backend, ConsoleAccess access, DomainName name, Duration bootTimeout)
            throws InterruptedException {
        try {
            Optional<ConsoleStream> running = access.attach(name, timeouts.probe());
            if (running.isPresent()) {
                running.get().close();
                return attach(access, name);
            }
        } catch (IOException e) {
            // not joinable: boot it below
        }
        spec.commandLine()
                .getErr()
                .println("kvmrunner: " + name + " is not running: booting it for this session "
                        + "(it shuts down when the session ends)");
        spec.commandLine().getErr().flush();
        try (StartedDomain started = StartedDomain.start(backend, name, bootTimeout)) {
            if (!command.isEmpty()) {
                return run(name, started.console()); // at its prompt already: no second connection, no second sync
            }
            started.console().close(); // the terminal takes the console over, on a connection of its own
            return attach(access, name);
        } catch (BootException | IOException e) {
            throw new BadInputException("cannot boot " + name + ": " + e.getMessage());
        }
    }

    /**
     * Joins a running domain's console: runs COMMAND through the console layer (prompt sync by
     * {@link BootAndLogin#join}, exit status), or copies the terminal to and from the console until end of input.
     */
    private int attach(ConsoleAccess access, DomainName name) throws InterruptedException {
        Duration timeout = timeouts.sh();
        ConsoleStream stream;
        try {
            stream = access.attach(name, timeout)
                    .orElseThrow(() -> new BadInputException(
                            "domain " + name + " is not running; start it with a run (kvmrunner run --prefix "
                                    + name.prefix() + " ...)"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot attach to the console of " + name, e);
        }
        if (command.isEmpty()) {
            try (stream) {
                pump(stream.input(), spec.commandLine().getOut());
                typeInto(stream);
                return 0;
            } catch (IOException e) {
                return 0; // the console went away
            }
        }
        BootOutcome joined = BootAndLogin.within(timeout).join(name, stream);
        if (joined instanceof BootOutcome.BootFailed failed) {
            throw new BadInputException("cannot use the console of " + failed.describe());
        }
        try (Console console = ((BootOutcome.Ready) joined).console()) {
            return run(name, console);
        }
    }

    /** Runs COMMAND on CONSOLE (synchronised at its prompt), prints its output and returns its exit status. */
    private int run(DomainName name, Console console) throws InterruptedException {
        try {
            Console.Execution execution = console.execute(String.join(" ", command), timeouts.commandTimeout());
            spec.commandLine().getOut().print(execution.output());
            spec.commandLine().getOut().flush();
            return execution.status();
        } catch (ConsoleException e) {
            throw new BadInputException(
                    "console of " + name + ": " + e.getMessage() + "; it showed: " + e.recentOutput());
        }
    }

    /** Ctrl-] ends an interactive session, as in virsh console. */
    private static final int ESCAPE = 0x1d;

    /**
     * Copies keystrokes to the console: on a terminal in raw mode, so Ctrl-C and line editing
     * reach the domain's shell, until Ctrl-]; otherwise (a pipe) until end of input.
     */
    private void typeInto(ConsoleStream stream) throws IOException {
        Optional<Terminal> terminal = Terminals.open(true);
        if (terminal.isEmpty()) {
            System.in.transferTo(stream.output());
            return;
        }
        try (Terminal raw = terminal.get()) {
            Attributes saved = raw.enterRawMode();
            spec.commandLine().getErr().println("kvmrunner: connected to " + domain + " (Ctrl-] to leave)");
            spec.commandLine().getErr().flush();
            try {
                int key;
                while ((key = raw.reader().read()) >= 0 && key != ESCAPE) {
                    stream.output().write(String.valueOf((char) key).getBytes(StandardCharsets.UTF_8));
                    stream.output().flush();
                }
            } finally {
                raw.setAttributes(saved);
            }
        }
    }

    /** "a.east" is host east of prefix "a."; "east" has the empty prefix. */
    static DomainName parse(String text) {
        int dot = text.lastIndexOf('.');
        return new DomainName(text.substring(0, dot + 1), text.substring(dot + 1));
    }

    private static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command().get(0), e);
        }
    }

    private static Thread pump(InputStream from, PrintWriter to) {
        Thread thread = new Thread(
                () -> {
                    char[] chunk = new char[8192];
                    try (Reader in = new InputStreamReader(from, StandardCharsets.UTF_8)) {
                        int n;
                        while ((n = in.read(chunk)) >= 0) {
                            to.write(chunk, 0, n);
                            to.flush();
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                },
                "sh output");
        thread.setDaemon(true); // an interactive session ends with the keyboard, not with the screen
        thread.start();
        return thread;
    }
}
