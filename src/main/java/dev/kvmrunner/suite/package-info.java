/**
 * The suite layer: TESTLIST parsing, tests, host catalogs, script order and test selection.
 *
 * <p>{@code kvmrunner list} over a 1,400-test suite must start faster than libreswan's Python
 * tool, so code on its path avoids what costs JVM start-up time on first use: streams and
 * lambdas (~20 ms), a record's generated equals/hashCode (~80 ms) and {@code +} on strings
 * (javac's invokedynamic concatenation, ~40 ms for the first and ~10 ms for each further
 * shape). Hence the loops and {@code String.concat} in places where they would otherwise look
 * old-fashioned. Error paths are not on that path and use {@code +} freely.
 */
package dev.kvmrunner.suite;
