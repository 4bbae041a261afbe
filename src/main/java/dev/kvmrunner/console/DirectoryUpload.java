package dev.kvmrunner.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies a directory into a domain through its console alone (no shared file system, no
 * network): each file travels base64-encoded in short lines and is decoded by the domain's
 * {@code base64 -d} (busybox has it). Meant for test directories of a few files; OUTPUT is left
 * out.
 */
public final class DirectoryUpload {
    /** Base64 characters per console line: well below a tty's 4,096-character line limit. */
    private static final int CHUNK = 2048;

    private static final long MAX_BYTES = 4L << 20;
    private static final String STAGING = "/tmp/.kvmrunner-upload.b64";

    private DirectoryUpload() {}

    /** Copies the files under LOCAL (but OUTPUT) to REMOTE, replacing what REMOTE held. */
    public static void copy(Console console, Path local, String remote, Duration timeout)
            throws IOException, ConsoleException, InterruptedException {
        List<Path> files = files(local);
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        if (total > MAX_BYTES) {
            throw new IOException(
                    local + " holds " + total + " bytes: too much to copy over a console (limit " + MAX_BYTES + ")");
        }
        run(console, "rm -rf " + ShellQuote.quote(remote) + " && mkdir -p " + ShellQuote.quote(remote), timeout);
        for (Path file : files) {
            String target = remote + "/" + local.relativize(file).toString();
            String encoded = Base64.getEncoder().encodeToString(Files.readAllBytes(file));
            run(
                    console,
                    "mkdir -p " + ShellQuote.quote(target.substring(0, target.lastIndexOf('/'))) + " && : > " + STAGING,
                    timeout);
            for (int i = 0; i < encoded.length(); i += CHUNK) {
                run(
                        console,
                        "printf %s '" + encoded.substring(i, Math.min(encoded.length(), i + CHUNK)) + "' >> " + STAGING,
                        timeout);
            }
            run(
                    console,
                    "base64 -d " + STAGING + " > " + ShellQuote.quote(target) + " && rm -f " + STAGING
                            + (Files.isExecutable(file) ? " && chmod +x " + ShellQuote.quote(target) : ""),
                    timeout);
        }
    }

    private static List<Path> files(Path local) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(local)) {
            walk.filter(p -> !local.relativize(p).toString().startsWith("OUTPUT"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .forEach(files::add);
        }
        return files;
    }

    private static void run(Console console, String command, Duration timeout)
            throws IOException, ConsoleException, InterruptedException {
        int status = console.run(command, timeout);
        if (status != 0) {
            throw new IOException("copying files into " + console.domainName() + " failed (status " + status + ") at: "
                    + (command.length() > 120 ? command.substring(0, 120) + "..." : command));
        }
    }
}
