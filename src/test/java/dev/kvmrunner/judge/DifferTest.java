package dev.kvmrunner.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The expectations below are the output of python3's
 * {@code difflib.unified_diff(l.splitlines(), r.splitlines(), fromfile, tofile, lineterm="")}
 * for the same inputs, pasted literally.
 */
class DifferTest {

    private static final String FROM = "MASTER/t/east.console.txt";
    private static final String TO = "OUTPUT/t/east.console.txt";

    private static List<String> diff(String expected, String actual) {
        return Differ.unifiedDiff(FROM, expected, TO, actual);
    }

    private static String lines(int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i <= to; i++) {
            s.append(i).append('\n');
        }
        return s.toString();
    }

    @Test
    void oneLineChangedInTheMiddleHasThreeLinesOfContext() {
        assertThat(diff(lines(1, 10), lines(1, 10).replace("5\n", "five\n")))
                .containsExactly(
                        "--- MASTER/t/east.console.txt",
                        "+++ OUTPUT/t/east.console.txt",
                        "@@ -2,7 +2,7 @@",
                        " 2",
                        " 3",
                        " 4",
                        "-5",
                        "+five",
                        " 6",
                        " 7",
                        " 8");
    }

    @Test
    void rangesOfLengthOneHaveNoCount() {
        assertThat(diff("a\n", "b\n"))
                .containsExactly(
                        "--- MASTER/t/east.console.txt", "+++ OUTPUT/t/east.console.txt", "@@ -1 +1 @@", "-a", "+b");
    }

    @Test
    void emptyRangeStartsAtTheLineBefore() {
        assertThat(diff("", "x\ny\n"))
                .containsExactly(
                        "--- MASTER/t/east.console.txt",
                        "+++ OUTPUT/t/east.console.txt",
                        "@@ -0,0 +1,2 @@",
                        "+x",
                        "+y");
        assertThat(diff("x\n", ""))
                .containsExactly(
                        "--- MASTER/t/east.console.txt", "+++ OUTPUT/t/east.console.txt", "@@ -1 +0,0 @@", "-x");
    }

    @Test
    void distantChangesMakeTwoHunks() {
        String expected = lines(1, 20);
        String actual = expected.replaceFirst("2\n", "two\n").replace("\n18\n", "\n18\neighteen-and-a-half\n");
        assertThat(diff(expected, actual))
                .containsExactly(
                        "--- MASTER/t/east.console.txt",
                        "+++ OUTPUT/t/east.console.txt",
                        "@@ -1,5 +1,5 @@",
                        " 1",
                        "-2",
                        "+two",
                        " 3",
                        " 4",
                        " 5",
                        "@@ -16,5 +16,6 @@",
                        " 16",
                        " 17",
                        " 18",
                        "+eighteen-and-a-half",
                        " 19",
                        " 20");
    }

    @Test
    void sixEqualLinesBetweenChangesKeepOneHunk() {
        String expected = lines(1, 20);
        String actual = expected.replace("\n3\n", "\nthree\n").replace("\n10\n", "\nten\n");
        assertThat(diff(expected, actual))
                .containsExactly(
                        "--- MASTER/t/east.console.txt",
                        "+++ OUTPUT/t/east.console.txt",
                        "@@ -1,13 +1,13 @@",
                        " 1",
                        " 2",
                        "-3",
                        "+three",
                        " 4",
                        " 5",
                        " 6",
                        " 7",
                        " 8",
                        " 9",
                        "-10",
                        "+ten",
                        " 11",
                        " 12",
                        " 13");
    }

    @Test
    void sevenEqualLinesBetweenChangesSplitTheHunk() {
        String expected = lines(1, 20);
        String actual = expected.replace("\n3\n", "\nthree\n").replace("\n11\n", "\neleven\n");
        assertThat(diff(expected, actual))
                .containsExactly(
                        "--- MASTER/t/east.console.txt",
                        "+++ OUTPUT/t/east.console.txt",
                        "@@ -1,6 +1,6 @@",
                        " 1",
                        " 2",
                        "-3",
                        "+three",
                        " 4",
                        " 5",
                        " 6",
                        "@@ -8,7 +8,7 @@",
                        " 8",
                        " 9",
                        " 10",
                        "-11",
                        "+eleven",
                        " 12",
                        " 13",
                        " 14");
    }

    @Test
    void insertionAtTheStartAndDeletion() {
        assertThat(diff("1\n2\n3\n4\n", "0\n1\n2\n3\n4\n"))
                .containsExactly(
                        "--- MASTER/t/east.console.txt",
                        "+++ OUTPUT/t/east.console.txt",
                        "@@ -1,3 +1,4 @@",
                        "+0",
                        " 1",
                        " 2",
                        " 3");
        assertThat(diff("1\n2\n3\n4\n5\n", "1\n2\n4\n5\n"))
                .containsExactly(
                        "--- MASTER/t/east.console.txt",
                        "+++ OUTPUT/t/east.console.txt",
                        "@@ -1,5 +1,4 @@",
                        " 1",
                        " 2",
                        "-3",
                        " 4",
                        " 5");
    }

    @Test
    void missingFinalNewlineAloneIsNoDifference() {
        assertThat(diff("a\nb", "a\nb\n")).isEmpty();
        assertThat(diff("x\r\ny\n", "x\ny\n")).isEmpty();
        assertThat(diff("a\nb", "a\nc\n"))
                .containsExactly(
                        "--- MASTER/t/east.console.txt",
                        "+++ OUTPUT/t/east.console.txt",
                        "@@ -1,2 +1,2 @@",
                        " a",
                        "-b",
                        "+c");
    }

    @Test
    void identicalTextsHaveNoDiff() {
        assertThat(diff(lines(1, 50), lines(1, 50))).isEmpty();
        assertThat(diff("", "")).isEmpty();
    }

    @Test
    void splitLinesFollowsPython() {
        // python3 -c 'print("a\nb\r\nc\rd\x0be\x0cf\x1cg\x85h\u2028i\n\nj\n".splitlines())'
        assertThat(Differ.splitLines("a\nb\r\nc\rd\u000be\ff\u001cg\u0085h\u2028i\n\nj\n"))
                .containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i", "", "j");
        assertThat(Differ.splitLines("")).isEmpty();
        assertThat(Differ.splitLines("\n")).containsExactly("");
        assertThat(Differ.splitLines("x")).containsExactly("x");
    }

    @Test
    void whitespaceOnlyDifferences() {
        assertThat(Differ.equalIgnoringWhitespace("a b\tc\n", "abc\n")).isTrue();
        assertThat(Differ.equalIgnoringWhitespace("a\n\n\nb\n", "a\nb\n")).isTrue();
        assertThat(Differ.equalIgnoringWhitespace("\n\na\n", "a\n")).isTrue();
        assertThat(Differ.equalIgnoringWhitespace("a\n \nb\n", "a\nb\n")).isTrue();
        assertThat(Differ.equalIgnoringWhitespace("a\n", "b\n")).isFalse();
        assertThat(Differ.equalIgnoringWhitespace("ab\n", "a\nb\n")).isFalse();
        // a missing final newline is not white space to _strip
        assertThat(Differ.equalIgnoringWhitespace("a\n", "a")).isFalse();
    }

    // bounded work on huge inputs (issue 14: seq 1 100000 against one expected line took 69 s)

    @Test
    void aHugeOutputAgainstOneExpectedLineIsOneInsertedBlockAndQuick() {
        List<String> diff = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(20), () -> diff("1\n", lines(1, 100_000)));
        assertThat(diff).hasSize(3 + 100_000);
        assertThat(diff.subList(0, 5)).containsExactly("--- " + FROM, "+++ " + TO, "@@ -1 +1,100000 @@", " 1", "+2");
        assertThat(diff.get(diff.size() - 1)).isEqualTo("+100000");
    }

    @Test
    void twoHugeTextsThatShareNothingAreOneReplacedBlock() {
        String a = lines(1, 30_000).replaceAll("(?m)^", "a");
        String b = lines(1, 30_000).replaceAll("(?m)^", "b");
        List<String> diff = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(20), () -> diff(a, b));
        assertThat(diff.get(2)).isEqualTo("@@ -1,30000 +1,30000 @@");
        assertThat(diff).hasSize(3 + 60_000).contains("-a1", "+b30000");
    }

    @Test
    void aSmallChangeInsideHugeTextsKeepsItsFineHunk() {
        String expected = lines(1, 50_000);
        String actual = expected.replace("\n25000\n", "\ntwenty-five thousand\n");
        assertThat(diff(expected, actual))
                .containsExactly(
                        "--- " + FROM,
                        "+++ " + TO,
                        "@@ -24997,7 +24997,7 @@",
                        " 24997",
                        " 24998",
                        " 24999",
                        "-25000",
                        "+twenty-five thousand",
                        " 25001",
                        " 25002",
                        " 25003");
    }
}
