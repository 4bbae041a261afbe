package dev.kvmrunner.domain.libvirt;

import dev.kvmrunner.console.ConsoleStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A domain's serial console that survives the domain's QEMU being replaced: saving the state of
 * a logged-in domain ({@code virsh save}) stops its QEMU and restoring it starts another, with a
 * new console socket. Between {@link #beginSwitch} and {@link #switchTo} the end of the old
 * connection is not the end of the console: reads wait for the new connection and go on there,
 * so the runner's {@link dev.kvmrunner.console.Console} never notices.
 */
final class SwitchingConsole implements ConsoleStream {
    private final Object lock = new Object();
    private ConsoleStream current;
    private boolean switching;
    private boolean closed;
    private final InputStream input = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            while (true) {
                ConsoleStream from = await();
                if (from == null) {
                    return -1;
                }
                int n;
                try {
                    n = from.input().read(buffer, offset, length);
                } catch (IOException e) {
                    if (replaced(from)) {
                        continue;
                    }
                    throw e;
                }
                if (n >= 0 || !replaced(from)) {
                    return n;
                }
            }
        }
    };
    private final OutputStream output = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ConsoleStream to = await();
            if (to == null) {
                throw new IOException("console closed");
            }
            to.output().write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            ConsoleStream to = await();
            if (to != null) {
                to.output().flush();
            }
        }
    };

    SwitchingConsole(ConsoleStream first) {
        this.current = first;
    }

    /** The connection to use: waits while one is being replaced; null once closed. */
    private ConsoleStream await() throws InterruptedIOException {
        synchronized (lock) {
            while (switching && !closed) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while the console was being reconnected");
                }
            }
            return closed ? null : current;
        }
    }

    /** Whether FROM ended because it is being, or was, replaced (then reading goes on elsewhere). */
    private boolean replaced(ConsoleStream from) {
        synchronized (lock) {
            return !closed && (switching || from != current);
        }
    }

    /** The end of the current connection is expected from now on. */
    void beginSwitch() {
        synchronized (lock) {
            switching = true;
        }
    }

    /** The switch failed: the end of the current connection is the end of the console again. */
    void endSwitch() {
        synchronized (lock) {
            switching = false;
            lock.notifyAll();
        }
    }

    /** Goes on over NEXT (the restored QEMU's console); closes the old connection. */
    void switchTo(ConsoleStream next) {
        ConsoleStream old;
        synchronized (lock) {
            old = current;
            current = next;
            switching = false;
            lock.notifyAll();
        }
        old.close();
        if (isClosed()) {
            next.close();
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void close() {
        ConsoleStream last;
        synchronized (lock) {
            closed = true;
            last = current;
            lock.notifyAll();
        }
        last.close();
    }
}
