package dev.kvmrunner.judge.sed;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates a GNU sed regular expression (POSIX basic, or extended with {@code -E}/{@code -r},
 * with GNU's extensions) into an equivalent java.util.regex {@link Pattern} over ISO-8859-1
 * text (one char per byte: the C locale).
 *
 * <p>Matching differs in one respect that cannot be translated: POSIX takes the longest of the
 * leftmost matches, Java the first its backtracking finds. Whether a match exists is the same,
 * so an address may use anything translated here. Where the text matched matters (the
 * {@code s} command), the two agree when no choice can make a match longer: the translation
 * for substitutions refuses alternation (unless its alternatives are plain text of which none
 * is a prefix of another, so at most one can match anywhere), quantified groups and back
 * references, and allows quantifiers only on single characters, classes and {@code .}.
 *
 * <p>Other differences are translated: {@code .} matches a newline ({@code DOTALL}); {@code $}
 * is only the end of the pattern space ({@code \z}, where Java's {@code $} would also match
 * before a final newline); {@code \w}, {@code \s}, {@code \b}, {@code \<}, {@code \>} and the
 * character classes are ASCII, as in the C locale; a backslash inside brackets is literal,
 * except that {@code \n} and {@code \t} are a newline and a tab (GNU converts those first).
 */
public final class SedRegex {

    private static final String WORD = "[A-Za-z0-9_]";

    private final Pattern pattern;
    /** Text every match contains ("" when none is known): lines without it are not searched. */
    private final String required;

    private final boolean ignoreCase;
    /** The required text's characters as a set ({@link #charSet}), folded when ignoring case. */
    private final long[] requiredChars;

    private SedRegex(Pattern pattern, String required, boolean ignoreCase) {
        this.pattern = pattern;
        this.required = required;
        this.ignoreCase = ignoreCase;
        this.requiredChars = new long[CHAR_SET_WORDS];
        for (int i = 0; i < required.length(); i++) {
            char c = required.charAt(i);
            if (!ignoreCase && c < 256) {
                requiredChars[c >> 6] |= 1L << c;
            } else if (ignoreCase && c < 128) {
                // a letter may match in either case: the folded set of the text holds it in lower case
                char folded = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
                requiredChars[folded >> 6] |= 1L << folded;
            }
        }
    }

    /** A set of ISO-8859-1 characters: four 64-bit words. */
    static final int CHAR_SET_WORDS = 4;

    /** ASCII upper-case letters in the second word of a character set (characters 64 to 127). */
    private static final long UPPER_CASE = ((1L << 26) - 1) << ('A' - 64);

    /**
     * Fills EXACT with the set of the text's characters (below 256) and FOLDED with the same set
     * with ASCII upper-case letters taken as lower case, for {@link #mayMatch(String, long[], long[])}.
     */
    static void charSet(String text, long[] exact, long[] folded) {
        // the bytes of an ISO-8859-1 string are its chars; a loop over them is cheaper than charAt
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        long w0 = 0;
        long w1 = 0;
        long w2 = 0;
        long w3 = 0;
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 64) {
                w0 |= 1L << c;
            } else if (c < 128) {
                w1 |= 1L << c;
            } else if (c < 192) {
                w2 |= 1L << c;
            } else {
                w3 |= 1L << c;
            }
        }
        exact[0] = w0;
        exact[1] = w1;
        exact[2] = w2;
        exact[3] = w3;
        folded[0] = w0;
        folded[1] = (w1 & ~UPPER_CASE) | ((w1 & UPPER_CASE) << ('a' - 'A'));
        folded[2] = 0;
        folded[3] = 0;
    }

    /** Whether a required text is known: otherwise {@link #mayMatch} is always true. */
    boolean hasRequired() {
        return !required.isEmpty();
    }

    /**
     * As {@link #mayMatch(String)} on a text whose character sets ({@link #charSet}) are given:
     * a text that lacks one of the required characters is rejected without searching it (most
     * transcript lines lack most of them, and each program looks for many texts in each line).
     */
    boolean mayMatch(String text, long[] exact, long[] folded) {
        if (required.isEmpty()) {
            return true;
        }
        long[] have = ignoreCase ? folded : exact;
        for (int i = 0; i < CHAR_SET_WORDS; i++) {
            if ((requiredChars[i] & ~have[i]) != 0) {
                return false;
            }
        }
        return mayMatch(text);
    }

    public Pattern pattern() {
        return pattern;
    }

    /** The text every match contains, "" when none is known. */
    String required() {
        return required;
    }

    /**
     * False when the text cannot match: it lacks the required text. Java's backtracking
     * tries {@code .*x} from every position (quadratic in the line); most lines of a
     * transcript lack the text a sanitizer looks for, and {@code indexOf} finds that fast.
     */
    boolean mayMatch(String text) {
        if (required.isEmpty()) {
            return true;
        }
        if (!ignoreCase) {
            return text.indexOf(required) >= 0;
        }
        int last = text.length() - required.length();
        for (int i = 0; i <= last; i++) {
            if (text.regionMatches(true, i, required, 0, required.length())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the text holds a match. */
    boolean find(String text) {
        return mayMatch(text) && pattern.matcher(text).find();
    }

    /**
     * @param regex the expression as written between the delimiters (an escaped delimiter already unescaped)
     * @param extended ERE ({@code -E}) instead of BRE
     * @param ignoreCase the {@code I} flag
     * @param forSubstitution the match's extent matters (see the class comment)
     */
    public static SedRegex compile(String regex, boolean extended, boolean ignoreCase, boolean forSubstitution)
            throws UnsupportedSedException {
        Translator translator = new Translator(regex, extended, forSubstitution);
        String java = translator.translate();
        try {
            return new SedRegex(
                    Pattern.compile(java, Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0)),
                    translator.required(),
                    ignoreCase);
        } catch (PatternSyntaxException e) {
            throw new UnsupportedSedException("regular expression " + regex + ": " + e.getDescription());
        }
    }

    private static final class Translator {
        private final String re;
        private final boolean ere;
        private final boolean strict;
        private final StringBuilder out = new StringBuilder();
        private int at;
        /** Where the last atom starts in {@code out}, -1 when there is none to quantify. */
        private int atomStart = -1;
        /** The last atom was a group (quantifying it can change which match is longest). */
        private boolean atomIsGroup;
        /** Open groups: where each starts in {@code out}. */
        private final java.util.ArrayDeque<Integer> groupStarts = new java.util.ArrayDeque<>();

        private int depth;

        Translator(String re, boolean ere, boolean strict) {
            this.re = re;
            this.ere = ere;
            this.strict = strict;
        }

        String translate() throws UnsupportedSedException {
            if (strict && hasAlternation() && !literalPrefixFreeAlternatives()) {
                throw new UnsupportedSedException("alternation in a substitution: " + re);
            }
            while (at < re.length()) {
                char c = re.charAt(at++);
                if (c == '\\') {
                    escape();
                } else if (c == '[') {
                    int start = out.length();
                    bracket();
                    atom(start, false);
                } else if (c == '.') {
                    atom(out.length(), false);
                    out.append('.');
                } else if (c == '*') {
                    if (atomStart < 0) {
                        if (ere) {
                            throw new UnsupportedSedException("* at the start of an extended expression: " + re);
                        }
                        literal('*');
                    } else {
                        quantifier("*");
                    }
                } else if (c == '^') {
                    if (ere || atStartOfBranch(at - 1)) {
                        out.append('^');
                        atomStart = -1;
                        lastWasQuantifier = false;
                    } else {
                        literal('^');
                    }
                } else if (c == '$') {
                    if (ere || atEndOfBranch(at)) {
                        out.append("\\z");
                        atomStart = -1;
                    } else {
                        literal('$');
                    }
                } else if (ere && c == '(') {
                    open();
                } else if (ere && c == ')') {
                    close();
                } else if (ere && c == '|') {
                    alternation();
                } else if (ere && (c == '+' || c == '?')) {
                    if (atomStart < 0) {
                        throw new UnsupportedSedException(c + " with nothing to repeat: " + re);
                    }
                    quantifier(String.valueOf(c));
                } else if (ere && c == '{') {
                    interval();
                } else {
                    literal(c);
                }
            }
            if (depth != 0) {
                throw new UnsupportedSedException("unbalanced group: " + re);
            }
            return out.toString();
        }

        private void escape() throws UnsupportedSedException {
            if (at >= re.length()) {
                throw new UnsupportedSedException("trailing backslash: " + re);
            }
            char c = re.charAt(at++);
            if (!ere && c == '(') {
                open();
            } else if (!ere && c == ')') {
                close();
            } else if (!ere && c == '|') {
                alternation();
            } else if (!ere && (c == '+' || c == '?')) {
                if (atomStart < 0) {
                    literal(c); // GNU: \+ with nothing before it is a literal +
                } else {
                    quantifier(String.valueOf(c));
                }
            } else if (!ere && c == '{') {
                interval();
            } else if (control(c) >= 0) {
                literal((char) control(c));
            } else if (c == 'w' || c == 'W') {
                atom(out.length(), false);
                out.append(c == 'w' ? WORD : "[^A-Za-z0-9_]");
            } else if (c == 's' || c == 'S') {
                atom(out.length(), false);
                out.append(c == 's' ? "[ \\t\\n\\x0B\\f\\r]" : "[^ \\t\\n\\x0B\\f\\r]");
            } else if (c == 'b') {
                out.append("(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))");
                atomStart = -1;
            } else if (c == 'B') {
                out.append("(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))");
                atomStart = -1;
            } else if (c == '<') {
                out.append("(?<!" + WORD + ")(?=" + WORD + ")");
                atomStart = -1;
            } else if (c == '>') {
                out.append("(?<=" + WORD + ")(?!" + WORD + ")");
                atomStart = -1;
            } else if (c == '`') {
                out.append("\\A");
                atomStart = -1;
            } else if (c == '\'') {
                out.append("\\z");
                atomStart = -1;
            } else if (c == 'x' && at + 1 < re.length() && isHex(re.charAt(at)) && isHex(re.charAt(at + 1))) {
                numericEscape(Integer.parseInt(re.substring(at, at + 2), 16), 2);
            } else if (c == 'o'
                    && at + 2 < re.length()
                    && re.substring(at, at + 3).matches("[0-7]{3}")) {
                numericEscape(Integer.parseInt(re.substring(at, at + 3), 8), 3);
            } else if (c == 'd'
                    && at + 2 < re.length()
                    && re.substring(at, at + 3).matches("[0-9]{3}")) {
                numericEscape(Integer.parseInt(re.substring(at, at + 3)), 3);
            } else if (c >= '1' && c <= '9') {
                throw new UnsupportedSedException("back reference \\" + c + ": " + re);
            } else if (Character.isLetterOrDigit(c) || c == 'c' || c == 'd' || c == 'o' || c == 'x') {
                throw new UnsupportedSedException("escape \\" + c + ": " + re);
            } else {
                literal(c);
            }
        }

        /** {@code \xHH}, {@code \oNNN}, {@code \dNNN}: one byte, as a literal when it is not special. */
        private void numericEscape(int value, int digits) throws UnsupportedSedException {
            if (value > 0xff || ".*[]^$\\+?(){}|/".indexOf((char) value) >= 0) {
                throw new UnsupportedSedException("numeric escape producing a special character: " + re);
            }
            at += digits;
            literal((char) value);
        }

        private void alternation() {
            endRun();
            topLevelAlternation |= depth == 0;
            out.append('|');
            atomStart = -1;
        }

        private void open() {
            endRun();
            depth++;
            groupStarts.push(out.length());
            out.append('(');
            atomStart = -1;
        }

        private void close() throws UnsupportedSedException {
            if (depth == 0) {
                throw new UnsupportedSedException("unmatched ): " + re);
            }
            depth--;
            out.append(')');
            atom(groupStarts.pop(), true);
        }

        private void interval() throws UnsupportedSedException {
            int close = re.indexOf(ere ? "}" : "\\}", at);
            if (close < 0 || atomStart < 0) {
                throw new UnsupportedSedException("interval: " + re);
            }
            String body = re.substring(at, close);
            if (!body.matches("[0-9]+(,[0-9]*)?")) {
                throw new UnsupportedSedException("interval {" + body + "}: " + re);
            }
            at = close + (ere ? 1 : 2);
            quantifier("{" + body + "}");
        }

        private void quantifier(String q) throws UnsupportedSedException {
            if (lastWasQuantifier) {
                throw new UnsupportedSedException("repeated quantifier: " + re);
            }
            if (strict && atomIsGroup) {
                throw new UnsupportedSedException("quantified group in a substitution: " + re);
            }
            if (lastWasRunLiteral) {
                run.setLength(run.length() - 1);
            }
            endRun();
            out.append(q);
            lastWasQuantifier = true;
        }

        private boolean lastWasQuantifier;

        private void atom(int start, boolean group) {
            endRun();
            atomStart = start;
            atomIsGroup = group;
            lastWasQuantifier = false;
        }

        private void literal(char c) {
            atomStart = out.length();
            atomIsGroup = false;
            lastWasQuantifier = false;
            appendLiteral(out, c);
            if (depth == 0) {
                run.append(c);
                lastWasRunLiteral = true;
            } else {
                endRun();
            }
        }

        /** Literal characters in a row at the top level: each must appear in every match. */
        private final StringBuilder run = new StringBuilder();

        private String longestRun = "";
        private boolean lastWasRunLiteral;
        /** A top-level alternation: no text is required by every match. */
        private boolean topLevelAlternation;

        private void endRun() {
            if (run.length() > longestRun.length()) {
                longestRun = run.toString();
            }
            run.setLength(0);
            lastWasRunLiteral = false;
        }

        String required() {
            endRun();
            return topLevelAlternation ? "" : longestRun;
        }

        /** In BRE, ^ is an anchor at the start of the expression or after \( or \|. */
        private boolean atStartOfBranch(int index) {
            return index == 0 || re.startsWith("\\(", index - 2) || re.startsWith("\\|", index - 2);
        }

        /** In BRE, $ is an anchor at the end of the expression or before \) or \|. */
        private boolean atEndOfBranch(int index) {
            return index == re.length() || re.startsWith("\\)", index) || re.startsWith("\\|", index);
        }

        private void bracket() throws UnsupportedSedException {
            StringBuilder set = new StringBuilder("[");
            if (at < re.length() && re.charAt(at) == '^') {
                set.append('^');
                at++;
            }
            boolean first = true;
            while (true) {
                if (at >= re.length()) {
                    throw new UnsupportedSedException("unterminated [: " + re);
                }
                char c = re.charAt(at++);
                if (c == ']' && !first) {
                    break;
                }
                first = false;
                if (c == '['
                        && at < re.length()
                        && (re.charAt(at) == ':' || re.charAt(at) == '.' || re.charAt(at) == '=')) {
                    char kind = re.charAt(at);
                    int end = re.indexOf(kind + "]", at + 1);
                    if (kind != ':' || end < 0) {
                        throw new UnsupportedSedException("[" + kind + " in brackets: " + re);
                    }
                    set.append(charClass(re.substring(at + 1, end)));
                    at = end + 2;
                    continue;
                }
                char member = c;
                if (c == '\\' && at < re.length() && (re.charAt(at) == 'n' || re.charAt(at) == 't')) {
                    member = re.charAt(at++) == 'n' ? '\n' : '\t';
                }
                if (at + 1 < re.length() && re.charAt(at) == '-' && re.charAt(at + 1) != ']') {
                    char to = re.charAt(at + 1);
                    at += 2;
                    if (to == '[' || to == '\\') {
                        throw new UnsupportedSedException("range ending in " + to + ": " + re);
                    }
                    if (to < member) {
                        throw new UnsupportedSedException("invalid range end: " + re);
                    }
                    appendLiteral(set, member);
                    set.append('-');
                    appendLiteral(set, to);
                } else {
                    appendLiteral(set, member);
                }
            }
            out.append(set).append(']');
        }

        private String charClass(String name) throws UnsupportedSedException {
            return switch (name) {
                case "alpha" -> "\\p{Alpha}";
                case "digit" -> "0-9";
                case "alnum" -> "\\p{Alnum}";
                case "upper" -> "\\p{Upper}";
                case "lower" -> "\\p{Lower}";
                case "space" -> " \\t\\n\\x0B\\f\\r";
                case "blank" -> " \\t";
                case "punct" -> "\\p{Punct}";
                case "print" -> "\\p{Print}";
                case "graph" -> "\\p{Graph}";
                case "cntrl" -> "\\p{Cntrl}";
                case "xdigit" -> "\\p{XDigit}";
                default -> throw new UnsupportedSedException("character class [:" + name + ":]: " + re);
            };
        }

        private boolean hasAlternation() {
            for (int i = 0; i < re.length(); i++) {
                char c = re.charAt(i);
                if (c == '\\' && i + 1 < re.length()) {
                    if (!ere && re.charAt(i + 1) == '|') {
                        return true;
                    }
                    i++;
                } else if (ere && c == '|') {
                    return true;
                } else if (c == '[') {
                    i = skipBracket(i);
                }
            }
            return false;
        }

        private int skipBracket(int i) {
            int j = i + 1;
            if (j < re.length() && re.charAt(j) == '^') {
                j++;
            }
            if (j < re.length() && re.charAt(j) == ']') {
                j++;
            }
            while (j < re.length() && re.charAt(j) != ']') {
                if (re.charAt(j) == '[' && j + 1 < re.length() && re.charAt(j + 1) == ':') {
                    int end = re.indexOf(":]", j + 2);
                    j = end < 0 ? re.length() : end + 2;
                } else {
                    j++;
                }
            }
            return j;
        }

        /**
         * True when every alternation is one group of plain-text alternatives (letters, digits,
         * blanks, a few punctuation marks) that is not quantified and of which none is a prefix
         * of another: then at most one alternative can match at any place, and leftmost-first
         * and leftmost-longest agree.
         */
        private boolean literalPrefixFreeAlternatives() {
            String open = ere ? "(" : "\\(";
            String close = ere ? ")" : "\\)";
            String bar = ere ? "|" : "\\|";
            int from = 0;
            while (true) {
                int b = re.indexOf(bar, from);
                if (b < 0) {
                    return true;
                }
                int start = re.lastIndexOf(open, b);
                int end = re.indexOf(close, b);
                if (start < 0 || end < 0) {
                    return false;
                }
                String inside = re.substring(start + open.length(), end);
                String[] alternatives = inside.split(Pattern.quote(bar), -1);
                for (String alternative : alternatives) {
                    if (alternative.isEmpty() || !alternative.matches("[A-Za-z0-9 _,:=-]+")) {
                        return false;
                    }
                }
                for (int i = 0; i < alternatives.length; i++) {
                    for (int j = 0; j < alternatives.length; j++) {
                        if (i != j && alternatives[j].startsWith(alternatives[i])) {
                            return false;
                        }
                    }
                }
                int after = end + close.length();
                if (after < re.length()
                        && "*+?{\\".indexOf(re.charAt(after)) >= 0
                        && !(re.charAt(after) == '\\'
                                && !re.startsWith("\\+", after)
                                && !re.startsWith("\\?", after)
                                && !re.startsWith("\\{", after))) {
                    return false;
                }
                from = end + close.length();
            }
        }
    }

    /** GNU sed's escapes of control characters ({@code \n \t \r \f \v \a}): the character, or -1. */
    static int control(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'f' -> '\f';
            case 'v' -> 0x0b;
            case 'a' -> 0x07;
            default -> -1;
        };
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** A character for a Java pattern or class: letters and digits as they are, the rest as \x{hh}. */
    static void appendLiteral(StringBuilder to, char c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            to.append(c);
        } else {
            to.append("\\x{").append(Integer.toHexString(c)).append('}');
        }
    }
}
