package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.testing.Slow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus, src/test/resources/bad-input/CASE/: a suite (suite/) and case.txt with
 * the command line ({@code args:}, {@code {suite}} stands for the suite's copy), the exit status
 * ({@code exit:}) and the messages the output must hold ({@code message:}, one per line). Each
 * case runs for real on the process backend; no file outside OUTPUT/ and BACKUP/ may change.
 */
@Slow
class BadInputCorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/bad-input");

    @TempDir
    Path root;

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            return dirs.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGetsOneClearMessageAndItsExitStatus(String name) throws Exception {
        Path suite = root.resolve("suite");
        copy(CORPUS.resolve(name).resolve("suite"), suite);
        String args = null;
        int exit = -1;
        List<String> messages = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve(name).resolve("case.txt"))) {
            String value = line.substring(line.indexOf(':') + 1).strip().replace("{suite}", suite.toString());
            if (line.startsWith("args:")) {
                args = value;
            } else if (line.startsWith("exit:")) {
                exit = Integer.parseInt(value);
            } else if (line.startsWith("message:")) {
                messages.add(value);
            }
        }
        Map<String, String> before = snapshot(suite);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.split(" "));

        String all = out + "\n" + err;
        assertThat(status).as(all).isEqualTo(exit);
        for (String message : messages) {
            assertThat(all).contains(message);
        }
        assertThat(all).doesNotContain("internal error").doesNotContain("\tat ");
        assertThat(snapshot(suite)).as("files outside OUTPUT/ and BACKUP/").isEqualTo(before);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    /** Every file outside OUTPUT/ and BACKUP/ with a digest of its content. */
    private static Map<String, String> snapshot(Path suite) throws IOException, NoSuchAlgorithmException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(suite)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String relative = suite.relativize(file).toString();
                if (relative.contains("OUTPUT/") || relative.startsWith("BACKUP/")) {
                    continue;
                }
                files.put(
                        relative,
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
            }
        }
        return files;
    }
}
