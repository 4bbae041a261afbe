package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.timeouts.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A connection to a guest's serial port (ttyS0), which QEMU serves on a unix socket.
 * Closing disconnects only: the guest keeps running and a new connection finds it where
 * it was, like a serial cable pulled and plugged in again. Output while nobody is
 * connected is lost.
 */
public final class SerialConsole implements ConsoleStream {
    private final SocketChannel channel;
    private final InputStream input;
    private final OutputStream output;

    private SerialConsole(SocketChannel channel) {
        this.channel = channel;
        this.input = ChannelStreams.input(channel);
        this.output = ChannelStreams.output(channel);
    }

    /**
     * Connects to the console socket of a running domain (what {@code kvmrunner sh} needs; see
     * {@link QemuBackend#consoleSocket}). Retries until the socket accepts or TIMEOUT passes.
     */
    public static SerialConsole connect(Path socket, Duration timeout) throws IOException, InterruptedException {
        return new SerialConsole(Qmp.UnixSockets.connect(socket, Deadline.of(timeout)));
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
        try {
            channel.close();
        } catch (IOException e) {
            // already gone
        }
    }

    static Path socketIn(Path domainDirectory) {
        return domainDirectory.resolve("console.sock");
    }
}
