package dev.kvmrunner.cli;

import picocli.CommandLine.Command;

/**
 * The root command's own attributes (name, help and version options, description, exit-status
 * footer), without its verbs. {@link Main} inherits them (picocli merges the {@code @Command} of a
 * superclass) and adds every verb; a start that names its verb builds this root with only that
 * verb ({@link Verbs}), the same root with less under it.
 */
@Command(
        name = "kvmrunner",
        mixinStandardHelpOptions = true,
        versionProvider = BuildVersion.class,
        description = "Runs multi-host test suites (libreswan KVM test style) as fast as the machine allows.",
        footer = {
            "",
            "Exit status of every command: 0 success (every test that ran passed), 1 some test did not pass "
                    + "(or the command's own 'no': see its --help), 2 bad usage or input, 4 results: nothing has run yet, "
                    + "130 interrupted, " + ExitCodes.INTERNAL_ERROR_FOOTER
        })
class RootCommand {}
