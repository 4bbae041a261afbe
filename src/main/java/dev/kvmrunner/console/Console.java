package dev.kvmrunner.console;

import dev.kvmrunner.timeouts.Deadline;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An expect-style session on a domain's console: log in, synchronise on a random marker,
 * install a prompt that shows the exit status, send one line at a time and wait for the
 * prompt. Everything the console shows (and every line sent to it) is copied to the
 * transcript as it happens, once one is attached.
 */
public final class Console implements AutoCloseable {
    /** Output kept for matching; older output only lives in the transcript. */
    private static final int MAX_BUFFER = 1 << 20;
    /** How far back a new search starts, so a match split across reads is still found. */
    private static final int RESCAN = 4096;

    private static final int RECENT = 400;

    private final String domainName;
    private final ConsoleStream stream;
    private final OutputStream keyboard;
    private final Thread reader;
    private final Object lock = new Object();
    private final StringBuilder buffer = new StringBuilder();
    private int scanned;
    private boolean closed;
    private Writer transcript;
    private Prompt prompt;

    public Console(String domainName, ConsoleStream stream) {
        this(domainName, stream, null);
    }

    /**
     * A console whose output is copied to TRANSCRIPT (created or truncated) from its first byte
     * on: a boot transcript that starts with {@link #transcribeTo} may miss what the domain showed
     * before.
     */
    public static Console transcribed(String domainName, ConsoleStream stream, Path transcript) throws IOException {
        return new Console(domainName, stream, Files.newBufferedWriter(transcript, StandardCharsets.UTF_8));
    }

    private Console(String domainName, ConsoleStream stream, Writer transcript) {
        this.domainName = domainName;
        this.stream = stream;
        this.keyboard = stream.output();
        this.transcript = transcript;
        this.reader = new Thread(this::pump, "console " + domainName);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    public String domainName() {
        return domainName;
    }

    private void pump() {
        char[] chunk = new char[8192];
        try (Reader in = new InputStreamReader(stream.input(), StandardCharsets.UTF_8)) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                synchronized (lock) {
                    buffer.append(chunk, 0, n);
                    if (buffer.length() > MAX_BUFFER) {
                        int drop = buffer.length() - MAX_BUFFER;
                        buffer.delete(0, drop);
                        scanned = Math.max(0, scanned - drop);
                    }
                    writeTranscript(chunk, n);
                    lock.notifyAll();
                }
            }
        } catch (IOException e) {
            // a pty reports EIO when its other side goes away: that is the end of the console
        } finally {
            synchronized (lock) {
                closed = true;
                lock.notifyAll();
            }
        }
    }

    private void writeTranscript(char[] chars, int n) {
        if (transcript == null) {
            return;
        }
        try {
            transcript.write(chars, 0, n);
            transcript.flush();
        } catch (IOException e) {
            transcript = null; // a full disk must not hang the console; the judge reports the truncation
        }
    }

    /** From now on, copy everything to FILE (created or truncated). */
    public void transcribeTo(Path file) throws IOException {
        Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        synchronized (lock) {
            closeTranscript();
            transcript = writer;
        }
    }

    /** Writes TEXT into the transcript only (markers the judge looks for); the domain never sees it. */
    public void mark(String text) {
        synchronized (lock) {
            writeTranscript(text.toCharArray(), text.length());
        }
    }

    public void closeTranscript() {
        synchronized (lock) {
            if (transcript != null) {
                try {
                    transcript.close();
                } catch (IOException e) {
                    // nothing more can be saved
                }
                transcript = null;
            }
        }
    }

    /** Types LINE and a newline; the line goes into the transcript too, as the console echo would show it. */
    public void send(String line) throws ConsoleClosedException {
        String typed = line + "\n";
        synchronized (lock) {
            if (closed) {
                throw new ConsoleClosedException("a chance to send '" + line + "'", recent());
            }
            writeTranscript(typed.toCharArray(), typed.length());
        }
        sendQuietly(typed);
    }

    /** Types TEXT without copying it into the transcript (passwords, control characters). */
    public void sendQuietly(String text) throws ConsoleClosedException {
        try {
            keyboard.write(text.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        } catch (IOException e) {
            throw new ConsoleClosedException("a chance to type", recent());
        }
    }

    /**
     * Waits until PATTERN appears in what the console showed since the last match, and
     * consumes the output up to the end of the match.
     */
    public Expected expect(Pattern pattern, String what, Duration timeout)
            throws ConsoleTimeoutException, ConsoleClosedException, InterruptedException {
        Deadline deadline = Deadline.of(timeout);
        synchronized (lock) {
            while (true) {
                Matcher m = pattern.matcher(buffer);
                if (m.find(Math.max(0, scanned - RESCAN))) {
                    String before = buffer.substring(0, m.start());
                    Expected expected = new Expected(before, m.toMatchResult());
                    buffer.delete(0, m.end());
                    scanned = 0;
                    return expected;
                }
                scanned = buffer.length();
                if (closed) {
                    throw new ConsoleClosedException(what, recent());
                }
                if (deadline.expired()) {
                    throw new ConsoleTimeoutException(what, timeout, recent());
                }
                lock.wait(deadline.millisLeftAtLeastOne());
            }
        }
    }

    private String recent() {
        int from = Math.max(0, buffer.length() - RECENT);
        return buffer.substring(from);
    }

    /** Answers a {@code login:} and {@code Password:} sequence. */
    public void login(Credentials credentials, Duration timeout)
            throws ConsoleTimeoutException, ConsoleClosedException, InterruptedException {
        expect(Pattern.compile("login: ?$", Pattern.MULTILINE), "the login prompt", timeout);
        sendQuietly(credentials.user() + "\n");
        expect(Pattern.compile("Password: ?$", Pattern.MULTILINE), "the password prompt", timeout);
        sendQuietly(credentials.password() + "\n");
    }

    /**
     * Brings the shell into a known state: installs the prompt for HOST_NAME, then matches a
     * random marker followed by that prompt so that any earlier output or prompt is
     * discarded, then turns echo off.
     */
    public void sync(String hostName, Duration timeout)
            throws ConsoleTimeoutException, ConsoleClosedException, InterruptedException {
        Prompt wanted = Prompt.forHost(hostName);
        sendQuietly(wanted.setCommand() + "\n");
        String number = Integer.toString(ThreadLocalRandom.current().nextInt(1_000_000, 100_000_000));
        String marker = "sync=" + number + "=cnyc";
        // typed with '' inside so that the echo of the typed line can never match, only the output
        sendQuietly("echo sync=" + number + "''=cnyc\n");
        expect(
                Pattern.compile(
                        Pattern.quote(marker) + "\\s+" + wanted.pattern().pattern()),
                "the sync marker " + marker,
                timeout);
        prompt = wanted;
        run("export TERM=dumb; unset LS_COLORS; stty sane -echo -onlcr 2>/dev/null; true", timeout);
    }

    /** Sends COMMAND and waits for the prompt; returns the exit status the prompt shows. */
    public int run(String command, Duration timeout)
            throws ConsoleTimeoutException, ConsoleClosedException, InterruptedException {
        return execute(command, timeout).status();
    }

    /** Sends COMMAND, waits for the prompt and returns its output and exit status. */
    public Execution execute(String command, Duration timeout)
            throws ConsoleTimeoutException, ConsoleClosedException, InterruptedException {
        if (prompt == null) {
            throw new IllegalStateException("console of " + domainName + " is not synchronised");
        }
        send(command);
        Expected expected = expect(prompt.pattern(), "the prompt after '" + command + "'", timeout);
        return new Execution(Prompt.status(expected.match()), expected.before());
    }

    /** Waits for a prompt without sending anything (after an interrupt, say). */
    public int awaitPrompt(Duration timeout)
            throws ConsoleTimeoutException, ConsoleClosedException, InterruptedException {
        return Prompt.status(expect(prompt.pattern(), "a prompt", timeout).match());
    }

    /** Closes the transcript and the stream; the reader thread ends with the stream. */
    @Override
    public void close() {
        closeTranscript();
        stream.close();
    }

    /** What came before a match, and the match. */
    public record Expected(String before, java.util.regex.MatchResult match) {}

    /** The output of one command and the exit status its prompt showed. */
    public record Execution(int status, String output) {}
}
