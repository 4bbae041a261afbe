package dev.kvmrunner.runner;

import java.nio.file.Path;
import java.util.List;

/**
 * One test as the runner executes it: which hosts it needs and the console commands in
 * order. Built from the suite by the planner; immutable.
 *
 * @param displayDirectory the test directory as libreswan shows it (relative, ends in the name)
 * @param suiteDirectory   the suite that lists the test; its BACKUP/ takes earlier OUTPUT
 *                         directories, also of a test directory that is a link to elsewhere
 */
public record PlannedTest(String name, String kind, String status, Path directory, String displayDirectory,
                          List<String> hosts, List<Command> commands, Path suiteDirectory) {
    public PlannedTest {
        hosts = List.copyOf(hosts);
        commands = List.copyOf(commands);
    }

    /** A test that lives in its suite's directory. */
    public PlannedTest(String name, String kind, String status, Path directory, String displayDirectory,
                       List<String> hosts, List<Command> commands) {
        this(name, kind, status, directory, displayDirectory, hosts, commands, directory.getParent());
    }

    /** The test's OUTPUT directory. */
    public Path outputDirectory() {
        return directory.resolve("OUTPUT");
    }

    /**
     * One console command.
     *
     * @param host   the host that runs it; null for a comment line of an all.*.sh file
     * @param line   the command text, stripped
     * @param script the file it comes from
     */
    public record Command(String host, String line, String script, int lineNumber) {
    }
}
