package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kvmrunner.results.ResultFile;
import dev.kvmrunner.testing.RequiresTools;
import dev.kvmrunner.testing.Slow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage faults on real file systems: a small tmpfs that fills during a run, an OUTPUT that
 * cannot be written (a read-only tmpfs), a read-only suite run with --output-dir, and
 * --backup-directory. Mounting needs root (CI runs as root).
 */
@RequiresTools({"root", "mount"}) // mounts a tmpfs
@Slow
class StorageFaultsTest {
    @TempDir
    Path root;

    private final List<Path> mounted = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void unmount() throws Exception {
        for (Path mount : mounted) {
            new ProcessBuilder("umount", "-l", mount.toString())
                    .inheritIO()
                    .start()
                    .waitFor();
        }
    }

    private Path tmpfs(String name, String options) throws Exception {
        Path mount = Files.createDirectories(root.resolve(name));
        Process process = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", mount.toString())
                .inheritIO()
                .start();
        assumeTrue(process.waitFor() == 0, "cannot mount a tmpfs here");
        mounted.add(mount);
        return mount;
    }

    private static void remount(Path mount, String options) throws Exception {
        assertThat(new ProcessBuilder("mount", "-o", "remount," + options, mount.toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
    }

    private static Path suite(Path at, String... testsAndScripts) throws IOException {
        Files.writeString(at.resolve("kvmrunner.toml"), "hosts = [\"east\", \"west\"]\n");
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < testsAndScripts.length; i += 2) {
            list.append("kvmplutotest ").append(testsAndScripts[i]).append(" good\n");
            Files.createDirectories(at.resolve(testsAndScripts[i]));
            Files.writeString(at.resolve(testsAndScripts[i]).resolve("eastinit.sh"), testsAndScripts[i + 1]);
        }
        Files.writeString(at.resolve("TESTLIST"), list.toString());
        return at;
    }

    private int run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "run";
        all[1] = "--no-progress";
        System.arraycopy(args, 0, all, 2, args.length);
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
    }

    /** No RESULT that does not parse, and no temporary file of an atomic write left. */
    private static void noHalfWrittenResult(Path output) throws IOException {
        try (Stream<Path> files = Files.walk(output)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(file.getFileName().toString()).doesNotEndWith(".tmp");
                if (file.getFileName().toString().equals(ResultFile.NAME)) {
                    assertThat(ResultFile.read(file.getParent()))
                            .as(file.toString())
                            .isPresent();
                }
            }
        }
    }

    @Test
    void aDiskThatFillsDuringTheRunStopsItCleanlyWithOneError() throws Exception {
        Path full = tmpfs("full", "size=1m");
        Path suite = suite(
                Files.createDirectories(root.resolve("suite")),
                "big-01",
                "head -c 3000000 /dev/zero | tr '\\000' x; echo\n",
                "after-02",
                "echo after\n");

        int exit = run("--output-dir", full.toString(), suite.toString());

        assertThat(exit).as(out + "\n" + err).isEqualTo(ExitCodes.NOT_ALL_PASSED);
        assertThat(out.toString())
                .contains("cannot write the output of big-01")
                .contains("stopping the run")
                .contains("Tests not run (interrupted): after-02");
        noHalfWrittenResult(full);
        assertThat(full.resolve("after-02")).doesNotExist();
    }

    @Test
    void anOutputThatCannotBeWrittenStopsTheRunWithOneError() throws Exception {
        Path readOnly = tmpfs("ro", "size=1m,ro");
        Path suite =
                suite(Files.createDirectories(root.resolve("suite")), "one-01", "echo one\n", "two-02", "echo two\n");

        int exit = run("--output-dir", readOnly.toString(), suite.toString());

        assertThat(exit).as(out + "\n" + err).isEqualTo(ExitCodes.NOT_ALL_PASSED);
        assertThat(out.toString())
                .contains("cannot write the output of one-01")
                .contains("Read-only file system")
                .contains("stopping the run");
        try (Stream<Path> files = Files.list(readOnly)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void aReadOnlySuiteRunsWithOutputDirAndBackupDirectory() throws Exception {
        Path suiteMount = tmpfs("suite", "size=4m");
        Path suite = suite(suiteMount, "one-01", "echo one\n");
        remount(suiteMount, "ro");
        Path output = root.resolve("output");
        Path backup = root.resolve("backup");

        assertThat(run("--output-dir", output.toString(), "--backup-directory", backup.toString(), suite.toString()))
                .as(out + "\n" + err)
                .isEqualTo(ExitCodes.NOT_ALL_PASSED); // no expected output: unchecked
        assertThat(ResultFile.read(output.resolve("one-01"))).isPresent();
        assertThat(output.resolve("one-01/east.console.verbose.txt")).content().contains("one");
        assertThat(run("--output-dir", output.toString(), "--backup-directory", backup.toString(), suite.toString()))
                .isEqualTo(ExitCodes.NOT_ALL_PASSED);
        try (Stream<Path> stamps = Files.list(backup)) {
            assertThat(stamps.toList())
                    .singleElement()
                    .satisfies(
                            stamp -> assertThat(stamp.resolve("one-01/RESULT")).exists());
        }
        try (Stream<Path> files = Files.walk(suite)) {
            assertThat(files.map(p -> suite.relativize(p).toString()))
                    .noneMatch(p -> p.contains("OUTPUT") || p.contains("BACKUP"));
        }
    }

    /** results (and its --update, --junit) find a read-only suite's output where run --output-dir put it. */
    @Test
    void resultsOfAReadOnlySuiteReadTheOutputDir() throws Exception {
        Path suiteMount = tmpfs("suite", "size=4m");
        Path suite = suite(suiteMount, "one-01", "echo one\n", "two-02", "echo two\n");
        Files.writeString(suite.resolve("one-01/east.console.txt"), "echo one\none\neast #\n");
        remount(suiteMount, "ro");
        Path output = root.resolve("output");
        assertThat(run("--output-dir", output.toString(), suite.toString()))
                .as(out + "\n" + err)
                .isEqualTo(ExitCodes.NOT_ALL_PASSED);

        StringWriter without = new StringWriter();
        assertThat(Main.execute(
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(without, true),
                        "results",
                        suite.toString()))
                .as("without --output-dir the suite has no OUTPUT")
                .isEqualTo(ExitCodes.NO_OUTPUT);

        Files.delete(output.resolve("two-02/east.console.txt"));
        StringWriter results = new StringWriter();
        StringWriter resultsErr = new StringWriter();
        Path junit = root.resolve("junit.xml");
        int exit = Main.execute(
                new PrintWriter(results, true),
                new PrintWriter(resultsErr, true),
                "results",
                "--output-dir",
                output.toString(),
                "--update",
                "--junit",
                junit.toString(),
                "--print",
                "test-name,result,saved-output-directory",
                suite.toString());
        assertThat(exit).as(results + "\n" + resultsErr).isEqualTo(ExitCodes.NOT_ALL_PASSED);
        assertThat(results.toString().lines())
                .anySatisfy(l -> assertThat(l)
                        .startsWith("one-01 ")
                        .contains(output.resolve("one-01").toString()))
                .anySatisfy(l -> assertThat(l)
                        .startsWith("two-02 ")
                        .contains(output.resolve("two-02").toString()));
        assertThat(output.resolve("two-02/east.console.txt"))
                .as("--update wrote it again, into DIR")
                .exists();
        assertThat(junit).content().contains("one-01").contains("two-02");
    }
}
