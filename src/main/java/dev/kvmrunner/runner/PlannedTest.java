package dev.kvmrunner.runner;

import java.nio.file.Path;
import java.util.List;

/**
 * One test as the runner executes it: which hosts it needs and the console commands in
 * order. Built from the suite by the planner; immutable.
 *
 * @param displayDirectory the test directory as libreswan shows it (relative, ends in the name)
 * @param backupDirectory  where an earlier OUTPUT goes before the test reruns (a date-time
 *                         directory below it): the suite's BACKUP/, also for a test directory
 *                         that is a link to elsewhere, or {@code --backup-directory}
 * @param outputDirectory  where the run writes the test's output: {@code <directory>/OUTPUT},
 *                         or {@code --output-dir DIR/<test>} for a suite that cannot be written
 */
public record PlannedTest(
        String name,
        String kind,
        String status,
        Path directory,
        String displayDirectory,
        List<String> hosts,
        List<Command> commands,
        Path backupDirectory,
        Path outputDirectory) {
    public PlannedTest {
        hosts = List.copyOf(hosts);
        commands = List.copyOf(commands);
    }

    /** A test that lives in its suite's directory and writes OUTPUT there. */
    public PlannedTest(
            String name,
            String kind,
            String status,
            Path directory,
            String displayDirectory,
            List<String> hosts,
            List<Command> commands) {
        this(
                name,
                kind,
                status,
                directory,
                displayDirectory,
                hosts,
                commands,
                directory.getParent().resolve("BACKUP"),
                directory.resolve("OUTPUT"));
    }

    /** This test with its earlier OUTPUT moved below DIRECTORY. */
    public PlannedTest withBackupDirectory(Path newBackupDirectory) {
        return new PlannedTest(
                name, kind, status, directory, displayDirectory, hosts, commands, newBackupDirectory, outputDirectory);
    }

    /** This test writing its output to DIRECTORY. */
    public PlannedTest withOutputDirectory(Path newOutputDirectory) {
        return new PlannedTest(
                name, kind, status, directory, displayDirectory, hosts, commands, backupDirectory, newOutputDirectory);
    }

    /**
     * One console command.
     *
     * @param host   the host that runs it; null for a comment line of an all.*.sh file
     * @param line   the command text, stripped
     * @param script the file it comes from
     */
    public record Command(String host, String line, String script, int lineNumber) {}
}
