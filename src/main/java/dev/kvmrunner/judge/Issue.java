package dev.kvmrunner.judge;

import java.util.Optional;

/**
 * Why a test did not simply pass, per host. The labels are libreswan's ({@code post.py}
 * {@code Issues}) so RESULT files and summaries can be compared with its output.
 */
public enum Issue {
    // output
    /** No transcript ({@code <host>.console.verbose.txt}) at all. */
    OUTPUT_MISSING("output-missing"),
    /** No expected output ({@code <host>.console.txt} in the test directory). */
    OUTPUT_UNCHECKED("output-unchecked"),
    /** The transcript does not end with the DONE marker. */
    OUTPUT_TRUNCATED("output-truncated"),
    /** The sanitized output differs from the expected output only in white space. */
    OUTPUT_WHITESPACE("output-whitespace"),
    /** The sanitized output differs from the expected output. */
    OUTPUT_DIFFERENT("output-different"),
    /** A command of a script timed out (the runner's timeout marker is in the transcript). */
    TIMEOUT("timeout"),
    /** The sanitizer pipeline could not be built or failed. */
    SANITIZER_FAILED("sanitizer-failed"),

    // the runner's (infrastructure) issues
    /** A domain did not boot or log in. */
    BOOT_FAILED("boot-failed"),
    /** A domain's console closed during a script (the domain died): power-cycled and retried. */
    DOMAIN_DIED("domain-died"),
    /**
     * A domain stopped answering: a command timed out and the console did not even answer
     * Ctrl-C with a prompt (a hung guest): power-cycled and retried.
     */
    DOMAIN_HUNG("domain-hung"),
    /** The guest printed a kernel panic: the test's (its kernel's) failure, never retried. */
    KERNEL_PANIC("kernel-panic"),
    /** The run was interrupted (Ctrl-C, SIGTERM, SIGHUP, {@code kvmrunner kill}) while this test ran. */
    INTERRUPTED("interrupted"),
    /**
     * The runner itself failed on this test (an internal error, an OUTPUT directory that
     * vanished or cannot be written): the test is unresolved, never silently dropped.
     */
    RUNNER_FAILED("runner-failed"),

    // crashes
    /** {@code ASSERTION FAILED} in the host's pluto.log. */
    ASSERTION("ASSERTION"),
    /** {@code EXPECTATION FAILED} in the host's pluto.log (does not fail the test). */
    EXPECTATION("EXPECTATION"),
    /** {@code CORE FOUND} at the start of a transcript line. */
    CORE("CORE"),
    /** {@code SEGFAULT} in the transcript. */
    SEGFAULT("SEGFAULT"),
    /** {@code GPFAULT} in the transcript. */
    GPFAULT("GPFAULT"),
    /** {@code (null)} (a printf of a NULL string) in pluto.log or the sanitized output. */
    PRINTF_NULL("%NULL"),
    /** A kernel {@code Call Trace:} in the transcript. */
    KERNEL("KERNEL"),

    // libreswan main's names and issues (fab/post.py), used with its rules (JudgeRequest#mainRules)
    /** main: a command timed out (the runner's {@code TIMEOUT} marker). */
    TIMEOUT_MAIN("TIMEOUT"),
    /** main: {@code (null)} in pluto.log, the transcript or the sanitized output. */
    PRINTF_NULL_MAIN("PRINTF_NULL"),
    /** main: {@code leak detective found N leaks} in pluto.log. */
    LEAK("LEAK"),
    /** main: {@code FAIL: reference counts} in the transcript. */
    REFCNT("REFCNT"),
    /** main: a control character in pluto.log or the sanitized output. */
    ISCNTRL("iscntrl"),
    /** main: the runner's {@code EOF} marker (the console closed). */
    EOF("EOF"),
    /** main: the runner's {@code EXCEPTION} marker. */
    EXCEPTION("EXCEPTION"),

    // comparison with a baseline run (for the results command)
    /** The test is not in the baseline (recorded against the pseudo host {@code baseline}). */
    ABSENT("absent"),
    BASELINE_FAILED("baseline-failed"),
    BASELINE_PASSED("baseline-passed"),
    BASELINE_MISSING("baseline-missing"),
    BASELINE_WHITESPACE("baseline-whitespace"),
    BASELINE_DIFFERENT("baseline-different"),
    /**
     * The baseline run is untested (no OUTPUT). libreswan records the baseline's result word
     * itself against the pseudo host {@code baseline}, so it prints as {@code baseline:untested}.
     */
    BASELINE_UNTESTED("untested"),
    /** The baseline run is unresolved; prints as {@code baseline:unresolved} (see {@link #BASELINE_UNTESTED}). */
    BASELINE_UNRESOLVED("unresolved");

    /** The pseudo host of {@link #ABSENT}, {@link #BASELINE_UNTESTED} and {@link #BASELINE_UNRESOLVED}. */
    public static final String BASELINE_HOST = "baseline";

    private final String label;

    Issue(String label) {
        this.label = label;
    }

    /** The label used in RESULT files and summaries, e.g. {@code output-different}. */
    public String label() {
        return label;
    }

    /** True for the faults of the machinery, not of the test: worth a power cycle and another attempt. */
    public boolean infrastructure() {
        return this == BOOT_FAILED || this == DOMAIN_DIED || this == DOMAIN_HUNG;
    }

    /** True for the crash issues (libreswan's {@code Issues.CRASHED}). */
    public boolean crashed() {
        return this == ASSERTION || this == EXPECTATION || this == CORE || this == SEGFAULT || this == GPFAULT;
    }

    @Override
    public String toString() {
        return label;
    }

    /** The issue with this label, if there is one. */
    public static Optional<Issue> fromLabel(String label) {
        for (Issue issue : values()) {
            if (issue.label.equals(label)) {
                return Optional.of(issue);
            }
        }
        return Optional.empty();
    }
}
