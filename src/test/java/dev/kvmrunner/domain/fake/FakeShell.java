package dev.kvmrunner.domain.fake;

import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.console.Credentials;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers the console's protocol like a shell with echo off: {@code PS1=...}, {@code echo},
 * {@code cd}, {@code exit N} (status only), {@code hang} (never answers), {@code die} (the
 * console ends); anything else prints {@code ran: <command>}.
 */
final class FakeShell implements ConsoleStream {
    private static final Pattern ECHO = Pattern.compile("echo (.*)");
    private static final Pattern CD = Pattern.compile("cd '(.*)'");
    private static final Pattern STATUS = Pattern.compile("exit (\\d+)");

    private final String host;
    private final PipedInputStream screen = new PipedInputStream(1 << 16);
    private final PrintStream display;
    private final PipedOutputStream keyboard = new PipedOutputStream();
    private final PipedInputStream typed;
    private final Thread thread;
    private volatile boolean alive = true;
    /** Commands answered after the prompt was set: what a computing host's CPU time counts. */
    private final java.util.concurrent.atomic.AtomicInteger commands = new java.util.concurrent.atomic.AtomicInteger();

    private String directory = "~";
    private boolean prompted;
    private final String stuck;
    private final Credentials login;

    /**
     * SILENT: never answers. STUCK (or null): shows this at boot, then never answers. LOGIN (or
     * null): asks for these credentials before the shell starts.
     */
    FakeShell(String host, boolean silent, String stuck, Credentials login) {
        this.host = host;
        this.stuck = stuck;
        this.login = login;
        try {
            this.display = new PrintStream(new PipedOutputStream(screen), true, StandardCharsets.UTF_8);
            this.typed = new PipedInputStream(keyboard, 1 << 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.thread = new Thread(() -> serve(silent), "fake shell " + host);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void serve(boolean silent) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(typed, StandardCharsets.UTF_8))) {
            if (stuck != null) {
                display.print(stuck);
                display.flush();
                silent = true;
            } else if (login != null && !logIn(in)) {
                return;
            }
            String line;
            while (alive && (line = in.readLine()) != null) {
                if (silent) {
                    continue;
                }
                if (line.startsWith("PS1=")) {
                    prompted = true;
                    prompt(0);
                } else if (line.equals("hang")) {
                    // no prompt: the command never finishes
                } else if (line.equals("die")) {
                    break;
                } else {
                    commands.incrementAndGet();
                    prompt(answer(line));
                }
            }
        } catch (IOException e) {
            // the console went away
        } finally {
            kill();
        }
    }

    /** Asks for user and password until they are right; false when the console went away first. */
    private boolean logIn(BufferedReader in) throws IOException {
        while (alive) {
            display.print("fake login: ");
            display.flush();
            String user = in.readLine();
            if (user == null) {
                return false;
            }
            display.print("Password: ");
            display.flush();
            String password = in.readLine();
            if (password == null) {
                return false;
            }
            if (user.equals(login.user()) && password.equals(login.password())) {
                display.print("$ ");
                display.flush();
                return true;
            }
            display.print("\nLogin incorrect\n");
        }
        return false;
    }

    private int answer(String line) {
        Matcher m = ECHO.matcher(line);
        if (m.matches()) {
            display.print(m.group(1).replace("''", "") + "\n"); // the shell removes empty quotes
            return 0;
        }
        m = CD.matcher(line);
        if (m.matches()) {
            String path = m.group(1);
            directory = path.substring(path.lastIndexOf('/') + 1);
            return 0;
        }
        m = STATUS.matcher(line);
        if (m.matches()) {
            return Integer.parseInt(m.group(1));
        }
        if (line.startsWith("export TERM")) {
            return 0;
        }
        display.print("ran: " + line + "\n");
        return 0;
    }

    int commands() {
        return commands.get();
    }

    private void prompt(int status) {
        display.print(prompted ? "[fake@" + host + " " + directory + (status == 0 ? "" : " " + status) + "]# " : "$ ");
        display.flush();
    }

    boolean alive() {
        return alive;
    }

    void kill() {
        alive = false;
        display.close();
    }

    @Override
    public InputStream input() {
        return screen;
    }

    @Override
    public OutputStream output() {
        return keyboard;
    }

    /** Like a serial console: disconnecting does not stop the machine (shutdown does). */
    @Override
    public void close() {}
}
