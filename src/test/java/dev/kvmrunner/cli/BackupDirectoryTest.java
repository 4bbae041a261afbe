package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.testing.Slow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a rerun moves the previous OUTPUT: the suite's BACKUP/, also for a test directory that is a link. */
@Slow
class BackupDirectoryTest {
    @TempDir
    Path root;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
    }

    @Test
    void aSymlinkedTestDirectoryKeepsItsBackupInTheSuite() throws IOException {
        Path suite = Files.createDirectories(root.resolve("suite"));
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere/linked-01"));
        Files.writeString(elsewhere.resolve("eastinit.sh"), "echo hello\n");
        Files.writeString(elsewhere.resolve("east.console.txt"), "east # echo hello\nhello\n");
        Files.createSymbolicLink(suite.resolve("linked-01"), elsewhere);
        Files.writeString(suite.resolve("TESTLIST"), "kvmplutotest linked-01 good\n");

        run("--no-progress", suite.toString());
        assertThat(elsewhere.resolve("OUTPUT/RESULT")).exists();
        run("--no-progress", suite.toString());

        assertThat(root.resolve("elsewhere/BACKUP")).as(out.toString()).doesNotExist();
        try (var stamps = Files.list(suite.resolve("BACKUP"))) {
            assertThat(stamps.toList())
                    .singleElement()
                    .satisfies(stamp ->
                            assertThat(stamp.resolve("linked-01/RESULT")).exists());
        }
    }
}
