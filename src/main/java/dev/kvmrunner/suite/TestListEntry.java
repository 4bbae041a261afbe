package dev.kvmrunner.suite;

import java.util.Optional;

/** One TESTLIST line: {@code kind name status [PR]}, and where it was. */
public record TestListEntry(String kind, String name, String status, Optional<String> pr, int line) {}
