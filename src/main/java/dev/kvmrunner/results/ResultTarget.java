package dev.kvmrunner.results;

import dev.kvmrunner.judge.JudgeRequest;
import dev.kvmrunner.suite.Guest;
import dev.kvmrunner.suite.TestCase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One test whose output {@code results} judges: the test (its expected output, hosts and
 * scripts) and the directory holding a run's output, which is the test's own {@code OUTPUT/}
 * or a saved copy named on the command line (libreswan's {@code saved_output_directory}).
 *
 * @param test            the test
 * @param outputDirectory where the run's transcripts are
 * @param saved           true when the output directory was named explicitly (a saved copy)
 */
public record ResultTarget(TestCase test, Path outputDirectory, boolean saved) {

    public ResultTarget {
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(outputDirectory, "outputDirectory");
    }

    /** The test's own OUTPUT directory. */
    public static ResultTarget of(TestCase test) {
        return new ResultTarget(test, test.outputDirectory(), false);
    }

    public String name() {
        return test.name();
    }

    /**
     * The hosts the runner runs and the judge judges: the guests' names, in guest order; in a
     * libreswan main tree the guests' host names ({@code east} for {@code linuxeast}), which
     * name its transcripts and expected output, as main's post.py judges them.
     */
    public List<String> hosts() {
        boolean main = mainRules();
        List<String> hosts = new ArrayList<>();
        for (Guest guest : test.guests()) {
            String host = main ? guest.host() : guest.name();
            if (!hosts.contains(host)) {
                hosts.add(host);
            }
        }
        return hosts;
    }

    /** Whether the test is judged by libreswan main's rules: its suite is in a main tree. */
    public boolean mainRules() {
        return JudgingRules.main(test.config().directory());
    }

    public JudgeRequest request(boolean quick) {
        return new JudgeRequest(
                test.name(), test.directory(), test.displayDirectory(), hosts(), outputDirectory, quick, mainRules());
    }
}
