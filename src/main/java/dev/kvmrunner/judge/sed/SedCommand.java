package dev.kvmrunner.judge.sed;

/**
 * One command of a parsed sed program, with its addresses. Blocks are flattened: <code>&#123;</code>
 * holds the index after its matching <code>&#125;</code> ({@link #jump}), branches hold the index of
 * their label. Immutable except for the per-run range state, which {@link SedExecution}
 * keeps in its own array (programs are shared between threads).
 */
final class SedCommand {

    /** A line number, the last line ({@code $}), or a regular expression. */
    record Address(int line, boolean last, SedRegex regex, String source, boolean ignoreCase) {
        static Address line(int line) {
            return new Address(line, false, null, null, false);
        }

        static Address lastLine() {
            return new Address(0, true, null, null, false);
        }

        static Address regex(SedRegex regex, String source, boolean ignoreCase) {
            return new Address(0, false, regex, source, ignoreCase);
        }
    }

    /**
     * The {@code s} command's parts. The replacement is a list of parts: a {@code String} is
     * literal text, an {@code Integer} a group's text (0: the whole match, {@code &}).
     */
    record Substitution(
            SedRegex regex, java.util.List<Object> replacement, boolean global, int occurrence, boolean print) {}

    final Address from;
    final Address to;
    final boolean negate;
    final char name;
    /** <code>&#123;</code>: index after the block; b/t/T: the label's index (-1: end of script). */
    int jump = -1;
    /** b/t/T: the label name ("" for the end); {@code :}: the label. */
    final String label;
    /** a/i/c: the text (with its final newline); y: the source characters. */
    final String text;
    /** y: the target characters. */
    final String target;

    final Substitution substitution;

    SedCommand(
            Address from,
            Address to,
            boolean negate,
            char name,
            String label,
            String text,
            String target,
            Substitution substitution) {
        this.from = from;
        this.to = to;
        this.negate = negate;
        this.name = name;
        this.label = label;
        this.text = text;
        this.target = target;
        this.substitution = substitution;
    }
}
