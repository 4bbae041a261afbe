package dev.kvmrunner.judge;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to judge: one run of one test.
 *
 * @param testName the test's name (given to sanitizers as {@code TESTNAME})
 * @param testDirectory the test's directory, holding the expected {@code <host>.console.txt}
 * @param displayDirectory the test directory as shown in diff labels
 *        ({@code MASTER/<displayDirectory>/<host>.console.txt}), e.g. {@code testing/pluto/basic-01}
 * @param hosts the test's hosts, in the test's order
 * @param outputDirectory the run's {@code OUTPUT/} directory
 * @param quick reuse an existing sanitized {@code OUTPUT/<host>.console.txt} instead of
 *        running the sanitizers again
 * @param mainRules judge as libreswan main's post.py does ({@link MainPostMortem}), not as 2019's
 */
public record JudgeRequest(
        String testName,
        Path testDirectory,
        String displayDirectory,
        List<String> hosts,
        Path outputDirectory,
        boolean quick,
        boolean mainRules) {

    public JudgeRequest(
            String testName,
            Path testDirectory,
            String displayDirectory,
            List<String> hosts,
            Path outputDirectory,
            boolean quick) {
        this(testName, testDirectory, displayDirectory, hosts, outputDirectory, quick, false);
    }

    public JudgeRequest {
        Objects.requireNonNull(testName, "testName");
        Objects.requireNonNull(testDirectory, "testDirectory");
        Objects.requireNonNull(displayDirectory, "displayDirectory");
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        hosts = List.copyOf(hosts);
        if (hosts.stream().distinct().count() != hosts.size()) {
            throw new IllegalArgumentException("duplicate host in " + hosts);
        }
    }
}
