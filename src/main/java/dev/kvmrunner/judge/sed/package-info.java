/**
 * An interpreter for the part of the GNU sed language that sanitizer scripts use, so that a
 * sed sanitizer runs inside the JVM instead of as a process: {@link dev.kvmrunner.judge.sed.SedParser}
 * reads a script into a {@link dev.kvmrunner.judge.sed.SedProgram} (or refuses it with
 * {@link dev.kvmrunner.judge.sed.UnsupportedSedException}), {@link dev.kvmrunner.judge.sed.SedRegex}
 * translates POSIX basic and extended regular expressions to java.util.regex, and
 * {@link dev.kvmrunner.judge.sed.SedExecution} runs a program over its input.
 * {@link dev.kvmrunner.judge.sed.SedPrograms} caches the parsed programs per script file.
 *
 * <p>Text is handled as bytes (ISO-8859-1 chars), which is GNU sed in the C locale, and in
 * any locale for ASCII input: the caller runs the real program for input with other bytes
 * when the locale is not C (see {@link dev.kvmrunner.judge.sed.SedPrograms#byteSemantics}).
 */
package dev.kvmrunner.judge.sed;
