package dev.kvmrunner.domain.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kvmrunner.timeouts.Deadline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A QMP (QEMU machine protocol) connection on a unix socket: JSON commands, one at a time,
 * each with a deadline. A reader thread turns the socket into a queue of replies so that no
 * wait can block past its deadline; events are dropped.
 */
final class Qmp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    // a sentinel compared by identity (ReferenceEquality is meant): a reply reading {"closed":true} is not it
    private static final JsonNode CLOSED = JSON.createObjectNode().put("closed", true);

    private final SocketChannel channel;
    private final OutputStream out;
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();

    private Qmp(SocketChannel channel) {
        this.channel = channel;
        this.out = ChannelStreams.output(channel);
        Thread reader = new Thread(this::read, "qmp " + channel);
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to SOCKET (retrying while QEMU creates it) and negotiates capabilities. */
    static Qmp connect(Path socket, Duration timeout, java.util.function.BooleanSupplier serverAlive)
            throws IOException, InterruptedException {
        Deadline deadline = Deadline.of(timeout);
        SocketChannel channel = UnixSockets.connect(socket, deadline, serverAlive);
        Qmp qmp = new Qmp(channel);
        try {
            qmp.await(deadline, "the QMP greeting"); // {"QMP": {...}}
            qmp.execute("qmp_capabilities", Map.of(), deadline.remainingAtLeastAMillisecond());
            return qmp;
        } catch (IOException | RuntimeException e) {
            qmp.close();
            throw e;
        }
    }

    private void read() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(ChannelStreams.input(channel), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode message = JSON.readTree(line);
                if (!message.has("event")) {
                    replies.add(message);
                }
            }
        } catch (IOException e) {
            // the socket closed: QEMU quit or we closed it
        } finally {
            replies.add(CLOSED);
        }
    }

    /** Runs COMMAND with ARGUMENTS and returns its "return" value. */
    @SuppressWarnings("ReferenceEquality") // CLOSED is a sentinel
    JsonNode execute(String command, Map<String, ?> arguments, Duration timeout)
            throws IOException, InterruptedException {
        Deadline deadline = Deadline.of(timeout);
        ObjectNode request = JSON.createObjectNode().put("execute", command);
        if (!arguments.isEmpty()) {
            request.set("arguments", JSON.valueToTree(arguments));
        }
        synchronized (this) {
            replies.removeIf(r -> r != CLOSED);
            out.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            JsonNode reply = await(deadline, "the reply to " + command);
            if (reply.has("error")) {
                throw new IOException("QMP " + command + " failed: "
                        + reply.get("error").path("desc").asText());
            }
            return reply.path("return");
        }
    }

    JsonNode execute(String command, Duration timeout) throws IOException, InterruptedException {
        return execute(command, Map.of(), timeout);
    }

    /** The VM's run state: "running", "paused", "inmigrate", "postmigrate", "shutdown", ... */
    String status(Duration timeout) throws IOException, InterruptedException {
        return execute("query-status", timeout).path("status").asText();
    }

    @SuppressWarnings("ReferenceEquality") // CLOSED is a sentinel
    private JsonNode await(Deadline deadline, String what) throws IOException, InterruptedException {
        JsonNode reply = replies.poll(deadline.nanosLeft(), TimeUnit.NANOSECONDS);
        if (reply == null) {
            throw new IOException("QMP: timed out waiting for " + what);
        }
        if (reply == CLOSED) {
            replies.add(CLOSED);
            throw new IOException("QMP: connection closed while waiting for " + what);
        }
        return reply;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    /** Helpers for unix stream sockets. */
    static final class UnixSockets {
        private UnixSockets() {}

        /** Connects to SOCKET, retrying until it exists and accepts or DEADLINE passes. */
        static SocketChannel connect(Path socket, Deadline deadline) throws IOException, InterruptedException {
            return connect(socket, deadline, () -> true);
        }

        /**
         * As {@link #connect(Path, Deadline)}, giving up as soon as SERVER_ALIVE is false: a QEMU that
         * exits at start (a bad option, a file it cannot read) never makes its socket.
         */
        static SocketChannel connect(Path socket, Deadline deadline, java.util.function.BooleanSupplier serverAlive)
                throws IOException, InterruptedException {
            IOException last = null;
            while (!deadline.expired()) {
                if (!serverAlive.getAsBoolean()) {
                    throw new IOException("cannot connect to " + socket + ": its server exited");
                }
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    return channel;
                } catch (IOException e) {
                    channel.close();
                    last = e;
                    Thread.sleep(10);
                }
            }
            throw new IOException("cannot connect to " + socket + (last == null ? "" : ": " + last.getMessage()));
        }
    }
}
