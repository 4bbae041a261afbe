package dev.kvmrunner.results;

import dev.kvmrunner.suite.HostCatalog;
import dev.kvmrunner.suite.LibreswanTree;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which post-mortem rules judge a suite's tests, switched as {@code list} switches its host
 * rules: a suite in a libreswan main tree ({@code testing/kvm/vm}) is judged by main's
 * post.py ({@link dev.kvmrunner.judge.MainPostMortem}); every other suite, a 2019 tree
 * included, by 2019's ({@link dev.kvmrunner.judge.Judge}). Decided once per suite directory.
 */
final class JudgingRules {

    private static final Map<Path, Boolean> MAIN = new ConcurrentHashMap<>();

    private JudgingRules() {}

    static boolean main(Path suiteDirectory) {
        return MAIN.computeIfAbsent(
                suiteDirectory.toAbsolutePath().normalize(),
                directory -> LibreswanTree.detect(directory)
                        .map(catalog -> catalog.style() == HostCatalog.Style.MODERN)
                        .orElse(false));
    }
}
