package dev.kvmrunner.console;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The console of a local process (a shell under a pty, a login program). Closing does
 * nothing: closing the pty would log the shell out, and a domain stays up between tests
 * until its backend shuts it down, like a machine whose console is disconnected.
 */
public record ProcessConsoleStream(Process process) implements ConsoleStream {
    @Override
    public InputStream input() {
        return process.getInputStream();
    }

    @Override
    public OutputStream output() {
        return process.getOutputStream();
    }

    @Override
    public void close() {}
}
