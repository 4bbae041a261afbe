package dev.kvmrunner.judge.sed;

import dev.kvmrunner.timeouts.Deadline;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * One run of a {@link SedProgram} over one input, following GNU sed 4.9's execute.c in the
 * details that change bytes of output: a last line without a newline is written without one
 * (and a newline is written before anything that follows it); {@code n} and {@code N} at the
 * end of input end the script ({@code N} printing the pattern space first, as GNU does
 * unless POSIXLY_CORRECT); {@code D} restarts the script without reading; the {@code t} flag
 * is reset whenever a line is read; appended text is written before the next line is read;
 * an empty match right after the previous match is not a match of {@code s///g}; range
 * states as GNU keeps them (a numeric first address starts a range at the first line at or
 * after it; a numeric end that was passed closes it).
 */
final class SedExecution {

    private static final int ACTIVE = 1;
    private static final int CLOSED = 2;

    private final List<SedCommand> commands;
    private final boolean quiet;
    private final String input;
    private final int[] rangeState; // per command: 0 (not in a range yet), ACTIVE or CLOSED
    private final Matcher[] matchers;
    /** Per command: the matchers of its first and second address, made on first use. */
    private final Matcher[] fromMatchers;

    private final Matcher[] toMatchers;
    /** The character sets of {@link #charsOf} (see {@link SedRegex#charSet}), made once per pattern space. */
    private final long[] exactChars = new long[SedRegex.CHAR_SET_WORDS];

    private final long[] foldedChars = new long[SedRegex.CHAR_SET_WORDS];
    private String charsOf;
    private final StringBuilder out;

    private int position;
    private int lineNumber;
    private String ps = "";
    private boolean chomped = true;
    private String hold = "";
    private boolean replaced;
    private boolean missingNewline;
    private final List<String> appendQueue = new ArrayList<>();

    /** Commands between two looks at the clock and the interrupt flag: cheap, yet a loop stops within a millisecond. */
    private static final int CHECK_EVERY = 4096;

    private final Deadline deadline;
    private int untilCheck = CHECK_EVERY;

    SedExecution(List<SedCommand> commands, boolean quiet, String input, Deadline deadline) {
        this.deadline = deadline;
        this.commands = commands;
        this.quiet = quiet;
        this.input = input;
        this.rangeState = new int[commands.size()];
        this.matchers = new Matcher[commands.size()];
        this.fromMatchers = new Matcher[commands.size()];
        this.toMatchers = new Matcher[commands.size()];
        this.out = new StringBuilder(input.length() + 64);
    }

    String run() throws SedStoppedException {
        while (readPatternSpace()) {
            if (!execute()) {
                break;
            }
        }
        return out.toString();
    }

    /** Runs the script on the pattern space; false when sed quits. */
    private boolean execute() throws SedStoppedException {
        int pc = 0;
        int end = commands.size();
        while (pc < end) {
            if (--untilCheck == 0) {
                untilCheck = CHECK_EVERY;
                if (Thread.currentThread().isInterrupted()) {
                    throw new SedStoppedException(true);
                }
                if (deadline.expired()) {
                    throw new SedStoppedException(false);
                }
            }
            SedCommand command = commands.get(pc);
            if (matches(pc, command) == command.negate) {
                // not selected: a block is skipped as a whole
                pc = command.name == '{' ? command.jump : pc + 1;
                continue;
            }
            switch (command.name) {
                case 'b' -> {
                    pc = command.jump;
                    continue;
                }
                case '{', '}', ':' -> {}
                case 'a' -> appendQueue.add(command.text);
                case 'i' -> output(command.text.substring(0, command.text.length() - 1), true);
                case 'c' -> {
                    if (rangeState[pc] != ACTIVE) {
                        output(command.text.substring(0, command.text.length() - 1), true);
                    }
                    return true;
                }
                case 'd' -> {
                    return true;
                }
                case 'D' -> {
                    int newline = ps.indexOf('\n');
                    if (newline < 0) {
                        return true;
                    }
                    ps = ps.substring(newline + 1);
                    pc = 0;
                    continue;
                }
                case 'g' -> ps = hold;
                case 'G' -> ps = ps + "\n" + hold;
                case 'h' -> hold = ps;
                case 'H' -> hold = hold + "\n" + ps;
                case 'x' -> {
                    String t = ps;
                    ps = hold;
                    hold = t;
                }
                case 'z' -> ps = "";
                case 'n' -> {
                    if (!quiet) {
                        output(ps, chomped);
                    }
                    if (atEnd() || !readPatternSpace()) {
                        return true;
                    }
                }
                case 'N' -> {
                    if (atEnd()) {
                        if (!quiet) {
                            output(ps, chomped);
                        }
                        return true;
                    }
                    String before = ps;
                    readPatternSpace();
                    ps = before + "\n" + ps;
                }
                case 'p' -> output(ps, chomped);
                case 'P' -> {
                    int newline = ps.indexOf('\n');
                    output(newline < 0 ? ps : ps.substring(0, newline), newline >= 0 || chomped);
                }
                case 'q' -> {
                    if (!quiet) {
                        output(ps, chomped);
                    }
                    dumpAppendQueue();
                    return false;
                }
                case 'Q' -> {
                    return false;
                }
                case 's' -> substitute(pc, command.substitution);
                case 't' -> {
                    if (replaced) {
                        replaced = false;
                        pc = command.jump;
                        continue;
                    }
                }
                case 'T' -> {
                    if (!replaced) {
                        pc = command.jump;
                        continue;
                    }
                    replaced = false;
                }
                case 'y' -> ps = translate(ps, command.text, command.target);
                case '=' -> {
                    outputMissingNewline();
                    out.append(lineNumber).append('\n');
                }
                default -> throw new IllegalStateException("command " + command.name);
            }
            pc++;
        }
        if (!quiet) {
            output(ps, chomped);
        }
        return true;
    }

    private boolean atEnd() {
        return position >= input.length();
    }

    /** GNU's read_pattern_space: flushes appended text, resets the t flag, reads one line. */
    private boolean readPatternSpace() {
        if (!appendQueue.isEmpty()) {
            dumpAppendQueue();
        }
        replaced = false;
        if (atEnd()) {
            return false;
        }
        int newline = input.indexOf('\n', position);
        if (newline < 0) {
            ps = input.substring(position);
            position = input.length();
            chomped = false;
        } else {
            ps = input.substring(position, newline);
            position = newline + 1;
            chomped = true;
        }
        lineNumber++;
        return true;
    }

    private void dumpAppendQueue() {
        outputMissingNewline();
        for (String text : appendQueue) {
            out.append(text);
        }
        appendQueue.clear();
    }

    private void output(String text, boolean newline) {
        outputMissingNewline();
        out.append(text);
        if (newline) {
            out.append('\n');
        } else {
            missingNewline = true;
        }
    }

    private void outputMissingNewline() {
        if (missingNewline) {
            out.append('\n');
            missingNewline = false;
        }
    }

    private boolean matches(int pc, SedCommand command) {
        if (command.from == null) {
            return true;
        }
        SedCommand.Address from = command.from;
        SedCommand.Address to = command.to;
        if (rangeState[pc] != ACTIVE) {
            if (to == null) {
                return matchesOne(pc, from, fromMatchers);
            }
            if (from.regex() == null && !from.last()) {
                if (rangeState[pc] == CLOSED || lineNumber < from.line()) {
                    return false;
                }
            } else if (!matchesOne(pc, from, fromMatchers)) {
                return false;
            }
            rangeState[pc] = ACTIVE;
            if (to.regex() != null) {
                return true;
            }
            if (!to.last()) {
                if (lineNumber >= to.line()) {
                    rangeState[pc] = CLOSED;
                }
                return lineNumber <= to.line() || matchesOne(pc, from, fromMatchers);
            }
        }
        if (to.regex() == null && !to.last()) {
            if (lineNumber >= to.line()) {
                rangeState[pc] = CLOSED;
            }
            return lineNumber <= to.line();
        }
        if (matchesOne(pc, to, toMatchers)) {
            rangeState[pc] = CLOSED;
        }
        return true;
    }

    private boolean matchesOne(int pc, SedCommand.Address address, Matcher[] cached) {
        SedRegex regex = address.regex();
        if (regex != null) {
            if (!mayMatch(regex)) {
                return false;
            }
            Matcher m = cached[pc];
            if (m == null) {
                m = regex.pattern().matcher(ps);
                cached[pc] = m;
            } else {
                m.reset(ps);
            }
            return m.find();
        }
        if (address.last()) {
            return atEnd();
        }
        return lineNumber == address.line();
    }

    /** Whether the pattern space may hold a match of the regex (its character sets made once per pattern space). */
    @SuppressWarnings("ReferenceEquality") // the sets belong to this very string; an equal one is merely recomputed
    private boolean mayMatch(SedRegex regex) {
        if (!regex.hasRequired()) {
            return true;
        }
        if (charsOf != ps) {
            SedRegex.charSet(ps, exactChars, foldedChars);
            charsOf = ps;
        }
        return regex.mayMatch(ps, exactChars, foldedChars);
    }

    /** GNU's do_subst. */
    private void substitute(int pc, SedCommand.Substitution sub) {
        if (!mayMatch(sub.regex())) {
            return;
        }
        Matcher m = matchers[pc];
        if (m == null) {
            m = sub.regex().pattern().matcher(ps);
            matchers[pc] = m;
        } else {
            m.reset(ps);
        }
        if (!m.find()) {
            return;
        }
        String line = ps;
        int length = line.length();
        StringBuilder result = new StringBuilder(length + 16);
        int start = 0;
        int lastEnd = 0;
        int count = 0;
        boolean again = true;
        do {
            int offset = m.start();
            int matched = m.end() - offset;
            if (start < offset) {
                result.append(line, start, offset);
                start = offset;
            }
            if ((matched > 0 || count == 0 || offset > lastEnd) && ++count >= sub.occurrence()) {
                replaced = true;
                appendReplacement(result, m, sub.replacement());
                again = sub.global();
            } else {
                if (matched == 0) {
                    if (start < length) {
                        matched = 1;
                    } else {
                        break;
                    }
                }
                result.append(line, offset, offset + matched);
            }
            start = offset + matched;
            lastEnd = m.end();
        } while (again && start <= length && m.find(start));
        if (start < length) {
            result.append(line, start, length);
        }
        ps = result.toString();
        if (count < sub.occurrence()) {
            return;
        }
        if (sub.print()) {
            output(ps, chomped);
        }
    }

    private static void appendReplacement(StringBuilder to, Matcher m, List<Object> parts) {
        for (Object part : parts) {
            if (part instanceof String text) {
                to.append(text);
            } else {
                int group = (Integer) part;
                int s = m.start(group);
                if (s >= 0) {
                    to.append(m.group(group));
                }
            }
        }
    }

    private static String translate(String text, String from, String to) {
        StringBuilder result = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int at = from.indexOf(c);
            result.append(at < 0 ? c : to.charAt(at));
        }
        return result.toString();
    }
}
