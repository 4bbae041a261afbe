package dev.kvmrunner.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Copies a directory into a domain through its console alone (no shared file system, no
 * network). The whole directory travels as one shell script that recreates it, base64-encoded
 * in short lines and decoded by the domain's {@code base64 -d} (busybox has it), then run by
 * {@code sh -e}: a few console commands however many files there are. Under software emulation
 * each console command costs the guest a few hundredths of a CPU-second, and a test directory's
 * file-by-file copy took about thirty of them on every boot. Meant for test directories of a
 * few files; OUTPUT is left out.
 */
public final class DirectoryUpload {
    /**
     * Base64 characters per console line. busybox's ash reads at most 1,023 characters of a line
     * at a time and prints its prompt again before it reads the rest, and that extra prompt ends
     * the next command's wait early: a line with its command words stays under that.
     */
    private static final int CHUNK = 768;

    private static final long MAX_BYTES = 4L << 20;

    /** Ends each file's here-document; base64 never contains an underscore. */
    private static final String END_OF_FILE = "KVMRUNNER_EOF";

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
        // a name of its own: domains of the process and netns backends share the runner's /tmp
        String staging = "/tmp/.kvmrunner-upload-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String encoded =
                Base64.getEncoder().encodeToString(script(local, files, remote).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < encoded.length(); i += CHUNK) {
            run(
                    console,
                    "printf %s '" + encoded.substring(i, Math.min(encoded.length(), i + CHUNK)) + "' "
                            + (i == 0 ? ">" : ">>") + " " + staging + ".b64",
                    timeout);
        }
        run(
                console,
                "base64 -d " + staging + ".b64 > " + staging + ".sh && sh -e " + staging + ".sh && rm -f " + staging
                        + ".b64 " + staging + ".sh",
                timeout);
    }

    /**
     * A shell script that makes REMOTE hold FILES (under LOCAL), each file a base64 here-document;
     * it runs in a shell of its own, so that its {@code cd} leaves the console where it was.
     */
    private static String script(Path local, List<Path> files, String remote) throws IOException {
        StringBuilder script = new StringBuilder();
        script.append("rm -rf ").append(ShellQuote.quote(remote)).append('\n');
        script.append("mkdir -p ").append(ShellQuote.quote(remote)).append('\n');
        script.append("cd ").append(ShellQuote.quote(remote)).append('\n');
        Set<String> directories = new LinkedHashSet<>();
        for (Path file : files) {
            Path parent = local.relativize(file).getParent();
            if (parent != null && directories.add(parent.toString())) {
                script.append("mkdir -p ")
                        .append(ShellQuote.quote(parent.toString()))
                        .append('\n');
            }
        }
        for (Path file : files) {
            String target = ShellQuote.quote(local.relativize(file).toString());
            script.append("base64 -d > ")
                    .append(target)
                    .append(" <<'")
                    .append(END_OF_FILE)
                    .append("'\n");
            script.append(Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(Files.readAllBytes(file)));
            script.append('\n').append(END_OF_FILE).append('\n');
            if (Files.isExecutable(file)) {
                script.append("chmod +x ").append(target).append('\n');
            }
        }
        return script.toString();
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
