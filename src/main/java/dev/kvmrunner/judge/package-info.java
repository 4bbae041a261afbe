/**
 * Judging a test run: sanitize each host's transcript, compare it with the expected output,
 * and classify the run as a {@link dev.kvmrunner.judge.Verdict}.
 *
 * <p>The rules follow libreswan's {@code testing/utils/fab/post.py} (TestResult, Issues,
 * Resolution) and {@code testing/utils/sanitizer.sh}; see {@link dev.kvmrunner.judge.Judge}
 * for the exact list and the deliberate differences.
 */
package dev.kvmrunner.judge;
