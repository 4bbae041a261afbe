package dev.kvmrunner.judge;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares expected and sanitized output the way libreswan's post.py does: a unified diff in
 * python {@code difflib.unified_diff(..., lineterm="")} format over {@code str.splitlines()},
 * and the white-space-only check ({@code _whitespace}/{@code _strip}).
 *
 * <p>The headers, hunk headers ({@code @@ -5 +5 @@}, {@code @@ -0,0 +1,2 @@}), hunk grouping
 * and line order inside a hunk match difflib. The matching itself is java-diff-utils' Myers
 * diff, not difflib's SequenceMatcher, so when the same change can be shown in more than one
 * way (repeated lines, moved blocks) the hunks may differ from libreswan's; whether there is
 * a difference never does. Stateless and thread-safe.
 */
public final class Differ {

    /** Lines of context around each change, as difflib's default. */
    public static final int CONTEXT = 3;

    private Differ() {}

    /**
     * The unified diff of two texts, one line per element (no line terminators); empty when
     * the texts have the same lines (so a missing final newline alone is no difference).
     */
    public static List<String> unifiedDiff(String fromLabel, String from, String toLabel, String to) {
        if (from.equals(to)) {
            return List.of();
        }
        return unifiedDiff(fromLabel, splitLines(from), toLabel, splitLines(to), CONTEXT);
    }

    /** The unified diff of two line lists with {@code context} lines of context. */
    public static List<String> unifiedDiff(
            String fromLabel, List<String> a, String toLabel, List<String> b, int context) {
        List<String> out = new ArrayList<>();
        for (List<Op> group : groupedOps(ops(a, b), context)) {
            if (out.isEmpty()) {
                out.add("--- " + fromLabel);
                out.add("+++ " + toLabel);
            }
            Op first = group.get(0);
            Op last = group.get(group.size() - 1);
            out.add("@@ -" + range(first.i1, last.i2) + " +" + range(first.j1, last.j2) + " @@");
            for (Op op : group) {
                if (op.tag == Tag.EQUAL) {
                    for (int i = op.i1; i < op.i2; i++) {
                        out.add(" " + a.get(i));
                    }
                    continue;
                }
                for (int i = op.i1; i < op.i2; i++) {
                    out.add("-" + a.get(i));
                }
                for (int j = op.j1; j < op.j2; j++) {
                    out.add("+" + b.get(j));
                }
            }
        }
        return out;
    }

    /** difflib's range format: {@code 5} for one line, {@code 4,0} for none (line before), else {@code 5,3}. */
    private static String range(int start, int stop) {
        int beginning = start + 1;
        int length = stop - start;
        if (length == 1) {
            return Integer.toString(beginning);
        }
        if (length == 0) {
            beginning--;
        }
        return beginning + "," + length;
    }

    private enum Tag {
        EQUAL,
        REPLACE,
        DELETE,
        INSERT
    }

    /** A difflib opcode: a[i1:i2] and b[j1:j2]. */
    private record Op(Tag tag, int i1, int i2, int j1, int j2) {}

    /**
     * The equal and changed runs covering both lists, in order (difflib's get_opcodes).
     *
     * <p>Myers' diff costs time and memory in proportion to (lines) x (differences): a test that
     * prints 100,000 lines where one was expected took a minute and the whole heap. Inputs of
     * more than {@link #MATCHED_LINES} lines have their common head and tail taken off first
     * (linear), and a middle that is still that long is shown as one replaced block: the
     * diff stays a correct unified diff, only less fine-grained, and whether there is a
     * difference never changes.
     */
    private static List<Op> ops(List<String> a, List<String> b) {
        if (a.size() + b.size() <= MATCHED_LINES) {
            return ops(a, b, 0, 0);
        }
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head
                && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        List<String> middleA = a.subList(head, a.size() - tail);
        List<String> middleB = b.subList(head, b.size() - tail);
        List<Op> ops = new ArrayList<>();
        if (head > 0) {
            ops.add(new Op(Tag.EQUAL, 0, head, 0, head));
        }
        if (middleA.size() + middleB.size() <= MATCHED_LINES) {
            for (Op op : ops(middleA, middleB, head, head)) {
                if (op.tag != Tag.EQUAL || op.i1 < op.i2) {
                    ops.add(op);
                }
            }
        } else {
            Tag tag = middleA.isEmpty() ? Tag.INSERT : middleB.isEmpty() ? Tag.DELETE : Tag.REPLACE;
            ops.add(new Op(tag, head, a.size() - tail, head, b.size() - tail));
        }
        if (tail > 0) {
            ops.add(new Op(Tag.EQUAL, a.size() - tail, a.size(), b.size() - tail, b.size()));
        }
        return ops;
    }

    /** Longer inputs are not matched line by line beyond their common head and tail (see {@link #ops}). */
    static final int MATCHED_LINES = 20_000;

    /** Myers' opcodes for A and B, whose first lines are line I0 and J0 of the whole texts. */
    private static List<Op> ops(List<String> a, List<String> b, int i0, int j0) {
        List<Op> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        for (AbstractDelta<String> delta : DiffUtils.diff(a, b).getDeltas()) {
            int i1 = delta.getSource().getPosition();
            int j1 = delta.getTarget().getPosition();
            int i2 = i1 + delta.getSource().size();
            int j2 = j1 + delta.getTarget().size();
            if (i < i1 || j < j1) {
                ops.add(new Op(Tag.EQUAL, i0 + i, i0 + i1, j0 + j, j0 + j1));
            }
            Tag tag = i1 == i2 ? Tag.INSERT : j1 == j2 ? Tag.DELETE : Tag.REPLACE;
            ops.add(new Op(tag, i0 + i1, i0 + i2, j0 + j1, j0 + j2));
            i = i2;
            j = j2;
        }
        if (i < a.size() || j < b.size()) {
            ops.add(new Op(Tag.EQUAL, i0 + i, i0 + a.size(), j0 + j, j0 + b.size()));
        }
        return ops;
    }

    /** difflib's get_grouped_opcodes: changes with up to n lines of context, close changes merged. */
    private static List<List<Op>> groupedOps(List<Op> ops, int n) {
        List<Op> codes = new ArrayList<>(ops);
        if (codes.isEmpty()) {
            codes.add(new Op(Tag.EQUAL, 0, 1, 0, 1));
        }
        Op head = codes.get(0);
        if (head.tag == Tag.EQUAL) {
            codes.set(
                    0,
                    new Op(
                            Tag.EQUAL,
                            Math.max(head.i1, head.i2 - n),
                            head.i2,
                            Math.max(head.j1, head.j2 - n),
                            head.j2));
        }
        Op tail = codes.get(codes.size() - 1);
        if (tail.tag == Tag.EQUAL) {
            codes.set(
                    codes.size() - 1,
                    new Op(
                            Tag.EQUAL,
                            tail.i1,
                            Math.min(tail.i2, tail.i1 + n),
                            tail.j1,
                            Math.min(tail.j2, tail.j1 + n)));
        }
        List<List<Op>> groups = new ArrayList<>();
        List<Op> group = new ArrayList<>();
        for (Op op : codes) {
            int i1 = op.i1;
            int j1 = op.j1;
            if (op.tag == Tag.EQUAL && op.i2 - op.i1 > 2 * n) {
                group.add(new Op(Tag.EQUAL, op.i1, Math.min(op.i2, op.i1 + n), op.j1, Math.min(op.j2, op.j1 + n)));
                groups.add(group);
                group = new ArrayList<>();
                i1 = Math.max(op.i1, op.i2 - n);
                j1 = Math.max(op.j1, op.j2 - n);
            }
            group.add(new Op(op.tag, i1, op.i2, j1, op.j2));
        }
        if (!group.isEmpty() && !(group.size() == 1 && group.get(0).tag == Tag.EQUAL)) {
            groups.add(group);
        }
        return groups;
    }

    /**
     * Python's {@code str.splitlines()}: splits at {@code \n}, {@code \r}, {@code \r\n},
     * {@code \u000b}, {@code \f}, {@code \u001c}-{@code \u001e}, {@code \u0085},
     * {@code \u2028}, {@code \u2029}; a terminator at the end makes no empty last line.
     */
    public static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (isLineBoundary(c)) {
                lines.add(text.substring(start, i));
                i += (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < length) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    private static boolean isLineBoundary(char c) {
        switch (c) {
            case '\n':
            case '\r':
            case '\u000b':
            case '\f':
            case '\u001c':
            case '\u001d':
            case '\u001e':
            case '\u0085':
            case '\u2028':
            case '\u2029':
                return true;
            default:
                return false;
        }
    }

    /**
     * True when the texts are the same after libreswan's {@code _strip}: spaces and tabs
     * removed, runs of newlines collapsed to one, a leading newline dropped.
     */
    public static boolean equalIgnoringWhitespace(String expected, String actual) {
        return strip(expected).equals(strip(actual));
    }

    static String strip(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t') {
                continue;
            }
            if (c == '\n' && (out.length() == 0 || out.charAt(out.length() - 1) == '\n')) {
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }
}
