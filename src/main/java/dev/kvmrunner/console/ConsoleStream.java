package dev.kvmrunner.console;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The raw byte streams of a domain's console (a pty, a serial socket, ...). A backend
 * provides it; {@link Console} adds the expect-style behaviour once for every backend.
 */
public interface ConsoleStream extends AutoCloseable {
    /** Bytes the domain writes to its console. End of stream means the console is gone. */
    InputStream input();

    /** Bytes typed on the console. */
    OutputStream output();

    /** Disconnects; safe to call twice. */
    @Override
    void close();
}
