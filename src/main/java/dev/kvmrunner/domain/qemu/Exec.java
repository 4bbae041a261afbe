package dev.kvmrunner.domain.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs an external command from an argument list (never through a shell), with a deadline. */
final class Exec {
    private Exec() {
    }

    /** The result of a command that exited with status 0. */
    record Output(String stdout, String stderr) {
    }

    /** Runs ARGS in DIRECTORY (null: ours) feeding STDIN (null: nothing); fails on a non-zero status or after TIMEOUT. */
    static Output run(List<String> args, Path directory, byte[] stdin, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(args);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + args.get(0) + ": " + e.getMessage(), e);
        }
        try {
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(String.join(" ", args) + ": no answer after " + timeout.toSeconds() + " s");
            }
            String stdout = out.join();
            String stderr = err.join();
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", args) + " exited with status " + process.exitValue() + ": " + stderr.strip());
            }
            return new Output(stdout, stderr);
        } finally {
            process.destroyForcibly();
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        // a thread each, not the common pool: on 2 cores it has one thread and two drains would take turns
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        }, "exec output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
