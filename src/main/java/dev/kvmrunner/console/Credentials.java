package dev.kvmrunner.console;

/** What to answer at a {@code login:} / {@code Password:} prompt. */
public record Credentials(String user, String password) {}
