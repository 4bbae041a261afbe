package dev.kvmrunner.judge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs perl sanitizer scripts without starting perl for each: one long-lived perl per
 * judging thread forks a child per run, and the child runs the script with {@code do FILE}
 * with its standard input, output and error redirected to files. Starting perl and
 * compiling its runtime costs milliseconds; a fork of a small idle perl much less.
 *
 * <p>The child is what {@code perl FILE} would be: a fresh copy of an interpreter that ran
 * nothing (the server's own variables are lexical, invisible to the script; STDIN is closed
 * before it is reopened, so that {@code $.} counts from 1; {@code $?} and {@code $!} are
 * cleared), {@code $0} the script, {@code @ARGV} empty, {@code TESTNAME} set or removed as asked, STDOUT buffered. A
 * script whose {@code #!} line passes perl switches (which {@code perl FILE} would honour)
 * is not run here ({@link #suitable}). A {@code die} is printed to the error file and exits
 * 255 as perl does. The differential check ({@code bench sed}'s companion in the benchmark
 * script and the tests) compares outputs with the real {@code perl FILE}.
 *
 * <p>Idle servers wait in a pool; a server whose run timed out or failed is killed (with its
 * children), and at JVM exit a shutdown hook ends every server and waits for it (its CPU time counts). A server also exits when its standard
 * input closes, that is when the JVM is gone.
 */
final class PerlForkServer implements AutoCloseable {

    private static final String SERVER = String.join(
            "\n",
            // first, before any lexical variable: the code it compiles sees none of the server's
            "sub kvmrunner_eval { return eval $_[0]; }",
            "sub kvmrunner_compile {",
            "    my ($kvmrunner_file) = @_;",
            "    open(my $kvmrunner_fh, '<', $kvmrunner_file) or return undef;",
            "    binmode($kvmrunner_fh);",
            "    my $kvmrunner_text = do { local $/; <$kvmrunner_fh> };",
            "    close($kvmrunner_fh);",
            "    my $kvmrunner_warned = 0;",
            "    local $SIG{__WARN__} = sub { $kvmrunner_warned = 1; };",
            "    my $kvmrunner_code = kvmrunner_eval(\"package main; sub {\\n#line 1 \\\"$kvmrunner_file\\\"\\n\""
                    + " . $kvmrunner_text . \"\\n;}\");",
            "    return ($@ || $kvmrunner_warned || ref($kvmrunner_code) ne 'CODE') ? undef : $kvmrunner_code;",
            "}",
            "$| = 1;",
            "my %kvmrunner_compiled;",
            "while (defined(my $kvmrunner_request = <STDIN>)) {",
            "    chomp $kvmrunner_request;",
            "    my ($kvmrunner_script, $kvmrunner_in, $kvmrunner_out, $kvmrunner_err, $kvmrunner_test, $kvmrunner_once)",
            "        = split /\\t/, $kvmrunner_request, -1;",
            "    my $kvmrunner_code;",
            "    if ($kvmrunner_once eq 'c') {",
            "        my $kvmrunner_key = join(\"\\0\", $kvmrunner_script, (stat($kvmrunner_script))[0, 1, 7, 9]);",
            "        $kvmrunner_compiled{$kvmrunner_key} = kvmrunner_compile($kvmrunner_script)",
            "            unless exists $kvmrunner_compiled{$kvmrunner_key};",
            "        $kvmrunner_code = $kvmrunner_compiled{$kvmrunner_key};",
            "    }",
            "    my $kvmrunner_pid = fork();",
            "    if (!defined $kvmrunner_pid) { print \"-1\\n\"; next; }",
            "    if ($kvmrunner_pid == 0) {",
            "        close(STDIN); open(STDIN, '<', $kvmrunner_in) or exit 127;",
            "        open(STDOUT, '>', $kvmrunner_out) or exit 127;",
            "        open(STDERR, '>', $kvmrunner_err) or exit 127;",
            "        select(STDOUT); $| = 0;",
            "        if ($kvmrunner_test eq '') { delete $ENV{TESTNAME}; } else { $ENV{TESTNAME} = substr($kvmrunner_test, 1); }",
            "        $0 = $kvmrunner_script; @ARGV = (); $? = 0; $! = 0; $@ = '';",
            "        if ($kvmrunner_code) { eval { $kvmrunner_code->(); }; } else { do $kvmrunner_script; }",
            "        if ($@) { print STDERR $@; exit 255; }",
            "        exit 0;",
            "    }",
            "    waitpid($kvmrunner_pid, 0);",
            "    print(($? & 127) ? 128 + ($? & 127) : $? >> 8, \"\\n\");",
            "}",
            "");

    private static final ConcurrentLinkedDeque<PerlForkServer> IDLE = new ConcurrentLinkedDeque<>();
    private static final Map<PerlForkServer, Boolean> ALL = new ConcurrentHashMap<>();
    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "perl-fork-server-reply");
        thread.setDaemon(true);
        return thread;
    });

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PerlForkServer::shutdownAll, "perl-fork-server-cleanup"));
    }

    /** Whether {@code kvmrunner.perl.fork=false} was not given. */
    static final boolean ENABLED = !"false".equals(System.getProperty("kvmrunner.perl.fork"));

    /** Whether {@code kvmrunner.perl.compile=false} was not given. */
    static final boolean COMPILE_ONCE = !"false".equals(System.getProperty("kvmrunner.perl.compile"));

    private static final java.util.regex.Pattern NOT_COMPILED_ONCE = java.util.regex.Pattern.compile(
            "\\b(BEGIN|END|INIT|CHECK|UNITCHECK|__END__|__DATA__|__SUB__|use|require|caller|format|my|our|state)\\b"
                    + "|^=[a-zA-Z]",
            java.util.regex.Pattern.MULTILINE);

    /** {@link #compilable} by script file, its modification time and size. */
    private static final Map<String, Boolean> COMPILABLE = new ConcurrentHashMap<>();

    private final Process process;
    private final OutputStream requests;
    private final BufferedReader replies;

    private PerlForkServer() throws IOException {
        ProcessBuilder builder = new ProcessBuilder("perl", "-e", SERVER);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        process = builder.start();
        requests = process.getOutputStream();
        replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        ALL.put(this, Boolean.TRUE);
    }

    /**
     * Whether {@code perl FILE} and this server run the script alike: no switches on its
     * {@code #!} line, and a path without tabs or newlines (the request's separators).
     */
    static boolean suitable(Path script) {
        String path = script.toAbsolutePath().toString();
        if (path.indexOf('\t') >= 0 || path.indexOf('\n') >= 0) {
            return false;
        }
        try (BufferedReader reader = Files.newBufferedReader(script, StandardCharsets.ISO_8859_1)) {
            String first = reader.readLine();
            return first == null || !first.startsWith("#!") || !first.matches("#!.*perl\\S*\\s+-.*");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the server may compile SCRIPT once and run the compiled code in each child
     * ({@code sub { FILE }}, with a {@code #line} directive so that messages name the file and
     * line as {@code do FILE} would) instead of compiling it in every child. Compiling is most
     * of a run's cost (libreswan 2019's ipsec-look-esp-sanitize.pl: about 2.5 of 3 ms).
     *
     * <p>Only where that cannot change what the script does: none of the words that run code
     * at compile time or depend on the file being the whole compilation unit ({@code BEGIN},
     * {@code END} and the other phase blocks, {@code use}, {@code require}, {@code __END__},
     * {@code __DATA__}, {@code caller}, {@code format}) nor file-scoped lexicals ({@code my},
     * {@code our}, {@code state}: a named sub would share the first run's), no POD, no
     * double quote or backslash in the path. Words are looked for anywhere, comments
     * included: a script is left to {@code do FILE} rather than risk a difference. The
     * server also falls back to {@code do FILE} when compiling fails or warns.
     * {@code -Dkvmrunner.perl.compile=false} turns it off.
     */
    static boolean compiledOnce(Path script) {
        if (!COMPILE_ONCE) {
            return false;
        }
        try {
            java.nio.file.attribute.BasicFileAttributes attributes =
                    Files.readAttributes(script, java.nio.file.attribute.BasicFileAttributes.class);
            String key = script.toAbsolutePath() + "\0"
                    + attributes.lastModifiedTime().toMillis() + "\0" + attributes.size();
            return COMPILABLE.computeIfAbsent(key, unused -> compilable(script));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean compilable(Path script) {
        String path = script.toAbsolutePath().toString();
        if (path.indexOf('"') >= 0 || path.indexOf('\\') >= 0 || path.indexOf('$') >= 0 || path.indexOf('@') >= 0) {
            return false;
        }
        try {
            String text = Files.readString(script, StandardCharsets.ISO_8859_1);
            return !NOT_COMPILED_ONCE.matcher(text).find();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs {@code perl script < input > output 2> errors} in a forked child.
     *
     * @param testName TESTNAME for the script, or null to leave it unset
     * @return the exit status (128 + signal when killed)
     * @throws TimeoutException the run took longer than the timeout; the server and the child were killed
     * @throws IOException the server could not be started or stopped answering; it was killed
     */
    static int run(Path script, Path input, Path output, Path errors, String testName, Duration timeout)
            throws IOException, InterruptedException, SanitizerException, TimeoutException {
        PerlForkServer server = IDLE.pollFirst();
        if (server == null || !server.process.isAlive()) {
            server = new PerlForkServer();
        }
        boolean healthy = false;
        try {
            int status = server.request(script, input, output, errors, testName, timeout);
            healthy = true;
            return status;
        } finally {
            if (healthy) {
                IDLE.addFirst(server);
            } else {
                server.close();
            }
        }
    }

    private int request(Path script, Path input, Path output, Path errors, String testName, Duration timeout)
            throws IOException, InterruptedException, SanitizerException, TimeoutException {
        String request = String.join(
                        "\t",
                        List.of(
                                script.toAbsolutePath().toString(),
                                input.toAbsolutePath().toString(),
                                output.toAbsolutePath().toString(),
                                errors.toAbsolutePath().toString(),
                                testName == null ? "" : "=" + testName,
                                compiledOnce(script) ? "c" : ""))
                + "\n";
        if (request.chars().filter(c -> c == '\n').count() != 1
                || request.chars().filter(c -> c == '\t').count() != 5) {
            throw new SanitizerException(
                    "cannot pass " + script + " to the perl fork server (tab or newline in a name)");
        }
        requests.write(request.getBytes(StandardCharsets.UTF_8));
        requests.flush();
        Future<String> reply = READERS.submit(replies::readLine);
        try {
            String line = reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IOException("the perl fork server exited");
            }
            int status = Integer.parseInt(line.trim());
            if (status < 0) {
                throw new IOException("the perl fork server could not fork");
            }
            return status;
        } catch (TimeoutException e) {
            reply.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw new IOException("reading from the perl fork server: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            reply.cancel(true);
            throw e;
        } catch (NumberFormatException e) {
            throw new IOException("the perl fork server answered " + e.getMessage());
        }
    }

    /** Kills the server and any child it is running, and reaps it. */
    @Override
    public void close() {
        ALL.remove(this);
        IDLE.remove(this);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        reap(process);
    }

    /**
     * At JVM exit: ends every server by closing its standard input (an idle one leaves its
     * loop and exits after reaping its children) and waits for it, killing one that does not
     * exit within a second. Waiting matters beyond tidiness: an exited child that the JVM did
     * not wait for is never added to the JVM's children's CPU time, so {@code time kvmrunner
     * results} (and the benchmark) would not count the perl servers' work.
     */
    static void shutdownAll() {
        List<PerlForkServer> servers = List.copyOf(ALL.keySet());
        for (PerlForkServer server : servers) {
            ALL.remove(server);
            IDLE.remove(server);
            try {
                server.requests.close();
            } catch (IOException e) {
                // already closed: the server sees end of input either way
            }
        }
        for (PerlForkServer server : servers) {
            try {
                if (!server.process.waitFor(1, TimeUnit.SECONDS)) {
                    server.process.descendants().forEach(ProcessHandle::destroyForcibly);
                    server.process.destroyForcibly();
                    reap(server.process);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.process.destroyForcibly();
            }
        }
    }

    /** Waits (bounded) until a killed process is gone, so that its CPU time is accounted. */
    private static void reap(Process process) {
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
