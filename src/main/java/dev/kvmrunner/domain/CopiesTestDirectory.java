package dev.kvmrunner.domain;

import java.nio.file.Path;

/**
 * An optional ability of a domain that cannot see the runner's files (a VM without a shared
 * file system; offered by {@link Domain#testDirectoryCopy}): {@link BootAndLogin} copies the test
 * directory in over the console, to the directory this names, and the test's scripts start there.
 */
public interface CopiesTestDirectory {
    /**
     * Where, inside the domain, the copy of TEST_DIRECTORY goes: /testing/SUITE/TEST
     * (/testing/pluto/basic-01), as in libreswan's guests.
     */
    default String guestDirectoryFor(Path testDirectory) {
        Path suite = testDirectory.getParent();
        return "/testing/" + (suite == null ? "" : suite.getFileName() + "/") + testDirectory.getFileName();
    }

    /** False when this domain sees TEST_DIRECTORY itself (a shared directory): then nothing is copied. */
    default boolean needsCopy(Path testDirectory) {
        return true;
    }
}
