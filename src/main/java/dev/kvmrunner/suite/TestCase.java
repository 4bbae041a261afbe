package dev.kvmrunner.suite;

import dev.kvmrunner.config.SuiteConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One test of a suite: what the TESTLIST says about it plus its directory.
 *
 * @param name             the test directory's name
 * @param kind             TESTLIST's first field, e.g. {@code kvmplutotest}
 * @param status           TESTLIST's third field, e.g. {@code good}, {@code wip}
 * @param pr               TESTLIST's optional fourth field (a problem report)
 * @param directory        the test directory, absolute and real
 * @param displayDirectory the directory as libreswan shows it: relative to the working directory
 *                         and always ending in the test's name ({@code ./basic-01},
 *                         {@code pluto/basic-01})
 * @param config           the suite's settings (hosts, backend, sanitizers, timeouts)
 * @param scripts          the test's scripts, worked out on demand
 * @param suiteDirectory   the real directory of the suite that lists the test (its TESTLIST's): the
 *                         test directory may be a link to elsewhere, the backup stays in the suite
 */
public record TestCase(
        String name,
        String kind,
        String status,
        Optional<String> pr,
        Path directory,
        String displayDirectory,
        SuiteConfig config,
        TestScripts scripts,
        Path suiteDirectory) {

    /** The guests the test uses, sorted by name. */
    public List<Guest> guests() {
        return scripts.layout().guests();
    }

    /** The hosts the test uses, sorted, without duplicates. */
    public List<String> hosts() {
        TreeSet<String> hosts = new TreeSet<>();
        for (Guest guest : guests()) {
            hosts.add(guest.host());
        }
        return List.copyOf(hosts);
    }

    /** The scripts in the order they run, each with its guest. */
    public List<ScriptStep> steps() {
        return scripts.layout().steps();
    }

    /** Every console command in the order the runner sends them; reads the scripts once. */
    public List<Command> commands() {
        return scripts.commands();
    }

    /** Where a run writes its output: {@code <directory>/OUTPUT}. */
    public Path outputDirectory() {
        return directory.resolve("OUTPUT");
    }

    @Override
    public String toString() {
        return "test " + name;
    }
}
