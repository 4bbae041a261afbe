package dev.kvmrunner.suite;

import java.nio.file.Path;
import java.util.List;

/**
 * Turns a test directory's file names into its guests and script order. There are two rule
 * sets: {@link ModernScriptRules} (libreswan main, DESIGN.md) and {@link LegacyScriptRules}
 * (libreswan 2019); the suite's {@link HostCatalog} picks one.
 */
public interface ScriptRules {

    /**
     * @param directory the test directory (only used in messages)
     * @param fileNames the names of the regular files in it
     * @throws dev.kvmrunner.config.BadInputException when the names contradict the rules
     */
    ScriptLayout layout(Path directory, List<String> fileNames);
}
