package dev.kvmrunner.judge.sed;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads GNU sed scripts into a {@link SedProgram}. Several scripts make one program, as
 * {@code sed -f a -f b} does (one cycle runs all of them; labels are shared).
 *
 * <p>Supported: addresses (a line number, {@code $}, {@code /re/} and {@code \cREc} with
 * {@code I}), ranges of two of them, {@code !}; commands {@code { } : b t T s y d D p P n N
 * g G h H x z = q Q a i c} and comments; {@code s} flags {@code g p i I} and a number; the
 * {@code #n} first line. Anything else (and anything GNU sed would reject) throws
 * {@link UnsupportedSedException}: the script then runs as the real program, which also
 * reports its own errors.
 */
public final class SedParser {

    private final boolean extended;
    private final List<SedCommand> commands = new ArrayList<>();
    private final Deque<Integer> blocks = new ArrayDeque<>();
    private String s;
    private int at;

    private SedParser(boolean extended) {
        this.extended = extended;
    }

    /**
     * @param scripts the scripts' text, in order
     * @param extended {@code -E}/{@code -r}
     * @param quiet {@code -n}
     */
    public static SedProgram parse(List<String> scripts, boolean extended, boolean quiet)
            throws UnsupportedSedException {
        SedParser parser = new SedParser(extended);
        boolean hashN = !scripts.isEmpty()
                && (scripts.get(0).equals("#n") || scripts.get(0).startsWith("#n\n"));
        for (String script : scripts) {
            parser.script(script);
        }
        if (!parser.blocks.isEmpty()) {
            throw new UnsupportedSedException("unmatched {");
        }
        parser.resolveLabels();
        return new SedProgram(List.copyOf(parser.commands), quiet || hashN);
    }

    private void script(String text) throws UnsupportedSedException {
        s = text;
        at = 0;
        while (true) {
            while (at < s.length() && (Character.isWhitespace(s.charAt(at)) || s.charAt(at) == ';')) {
                at++;
            }
            if (at >= s.length()) {
                return;
            }
            if (s.charAt(at) == '#') {
                skipLine();
                continue;
            }
            command();
        }
    }

    private void command() throws UnsupportedSedException {
        SedCommand.Address from = address();
        SedCommand.Address to = null;
        if (from != null) {
            skipBlanks();
            if (peek() == ',') {
                at++;
                skipBlanks();
                to = address();
                if (to == null) {
                    throw new UnsupportedSedException("unexpected , (or a GNU address form)");
                }
            }
        }
        skipBlanks();
        boolean negate = false;
        if (peek() == '!') {
            at++;
            negate = true;
            skipBlanks();
            if (peek() == '!') {
                throw new UnsupportedSedException("multiple !");
            }
        }
        if (at >= s.length()) {
            throw new UnsupportedSedException("missing command");
        }
        char name = s.charAt(at++);
        switch (name) {
            case '{' -> {
                blocks.push(commands.size());
                add(from, to, negate, name, null, null, null, null);
            }
            case '}' -> {
                if (from != null || negate || blocks.isEmpty()) {
                    throw new UnsupportedSedException("unexpected }");
                }
                int open = blocks.pop();
                add(null, null, false, name, null, null, null, null);
                commands.get(open).jump = commands.size();
                endOfCommand();
            }
            case ':' -> {
                if (from != null) {
                    throw new UnsupportedSedException(": doesn't want any addresses");
                }
                String label = label();
                if (label.isEmpty()) {
                    throw new UnsupportedSedException("\":\" lacks a label");
                }
                add(null, null, false, name, label, null, null, null);
            }
            case 'b', 't', 'T' -> {
                add(from, to, negate, name, label(), null, null, null);
            }
            case 's' -> add(from, to, negate, name, null, null, null, substitution(from, to));
            case 'y' -> {
                char delimiter = delimiter();
                String source = unescapeY(part(delimiter));
                String target = unescapeY(part(delimiter));
                if (source.length() != target.length()) {
                    throw new UnsupportedSedException("strings for y command are different lengths");
                }
                add(from, to, negate, name, null, source, target, null);
                endOfCommand();
            }
            case 'a', 'i', 'c' -> add(from, to, negate, name, null, text(), null, null);
            case 'q', 'Q' -> {
                if (to != null) {
                    throw new UnsupportedSedException("command only uses one address");
                }
                skipBlanks();
                if (Character.isDigit(peek())) {
                    throw new UnsupportedSedException(name + " with an exit code");
                }
                add(from, to, negate, name, null, null, null, null);
                endOfCommand();
            }
            case 'd', 'D', 'p', 'P', 'n', 'N', 'g', 'G', 'h', 'H', 'x', 'z', '=' -> {
                add(from, to, negate, name, null, null, null, null);
                endOfCommand();
            }
            default -> throw new UnsupportedSedException("command " + name);
        }
    }

    private void add(
            SedCommand.Address from,
            SedCommand.Address to,
            boolean negate,
            char name,
            String label,
            String text,
            String target,
            SedCommand.Substitution substitution) {
        commands.add(new SedCommand(from, to, negate, name, label, text, target, substitution));
    }

    private SedCommand.Address address() throws UnsupportedSedException {
        char c = peek();
        if (Character.isDigit(c)) {
            int start = at;
            while (Character.isDigit(peek())) {
                at++;
            }
            if (peek() == '~') {
                throw new UnsupportedSedException("first~step address");
            }
            long line = Long.parseLong(s.substring(start, at));
            if (line == 0 || line > Integer.MAX_VALUE) {
                throw new UnsupportedSedException("line address " + line);
            }
            return SedCommand.Address.line((int) line);
        }
        if (c == '$') {
            at++;
            return SedCommand.Address.lastLine();
        }
        if (c == '+' || c == '~') {
            throw new UnsupportedSedException("address " + c + "N");
        }
        if (c == '/' || c == '\\') {
            at++;
            char delimiter = c == '/' ? '/' : next();
            if (delimiter == '\n' || delimiter == '\\') {
                throw new UnsupportedSedException("delimiter " + delimiter);
            }
            String regex = regexPart(delimiter);
            boolean ignoreCase = false;
            while (peek() == 'I' || peek() == 'M') {
                if (next() == 'M') {
                    throw new UnsupportedSedException("address flag M");
                }
                ignoreCase = true;
            }
            return SedCommand.Address.regex(compile(regex, ignoreCase, false), regex, ignoreCase);
        }
        return null;
    }

    private SedRegex compile(String regex, boolean ignoreCase, boolean forSubstitution) throws UnsupportedSedException {
        if (regex.isEmpty()) {
            throw new UnsupportedSedException("empty regular expression (the last one used)");
        }
        return SedRegex.compile(regex, extended, ignoreCase, forSubstitution);
    }

    /**
     * An {@code s} command. An empty regular expression means the last one used; that is
     * known here only in {@code /re/s//.../}, where the address was tested just before.
     */
    private SedCommand.Substitution substitution(SedCommand.Address from, SedCommand.Address to)
            throws UnsupportedSedException {
        char delimiter = delimiter();
        String regex = regexPart(delimiter);
        String replacement = part(delimiter);
        boolean global = false;
        boolean print = false;
        boolean ignoreCase = false;
        int occurrence = 0;
        while (true) {
            char c = peek();
            if (c == 'g' && !global) {
                global = true;
            } else if (c == 'p' && !print) {
                print = true;
            } else if ((c == 'i' || c == 'I') && !ignoreCase) {
                ignoreCase = true;
            } else if (Character.isDigit(c) && occurrence == 0) {
                int start = at;
                while (Character.isDigit(peek())) {
                    at++;
                }
                occurrence = Integer.parseInt(s.substring(start, at));
                if (occurrence == 0) {
                    throw new UnsupportedSedException("number option to `s' command may not be zero");
                }
                continue;
            } else if (c == 'w' || c == 'W' || c == 'e' || c == 'm' || c == 'M') {
                throw new UnsupportedSedException("s flag " + c);
            } else {
                break;
            }
            at++;
        }
        endOfCommand();
        if (regex.isEmpty()) {
            if (from == null || to != null || from.regex() == null || ignoreCase) {
                throw new UnsupportedSedException("empty regular expression (the last one used)");
            }
            regex = from.source();
            ignoreCase = from.ignoreCase();
        }
        SedRegex pattern = compile(regex, ignoreCase, true);
        int groups = pattern.pattern().matcher("").groupCount();
        return new SedCommand.Substitution(
                pattern, replacement(replacement, groups), global, Math.max(occurrence, 1), print);
    }

    /** The replacement's parts: literal text and group numbers. */
    private static List<Object> replacement(String raw, int groups) throws UnsupportedSedException {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            Integer group = null;
            if (c == '&') {
                group = 0;
            } else if (c == '\\') {
                if (++i >= raw.length()) {
                    throw new UnsupportedSedException("trailing backslash in replacement");
                }
                char e = raw.charAt(i);
                if (e >= '0' && e <= '9') {
                    group = e - '0';
                    if (group > groups) {
                        throw new UnsupportedSedException("invalid reference \\" + e + " on s command's RHS");
                    }
                } else if (e == '\n') {
                    literal.append('\n');
                } else if (SedRegex.control(e) >= 0) {
                    literal.append((char) SedRegex.control(e));
                } else if ("LUluEcdox".indexOf(e) >= 0) {
                    throw new UnsupportedSedException("replacement escape \\" + e);
                } else {
                    literal.append(e);
                }
            } else {
                literal.append(c);
            }
            if (group != null) {
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(group);
            }
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        return List.copyOf(parts);
    }

    private char delimiter() throws UnsupportedSedException {
        char delimiter = next();
        if (delimiter == '\n' || delimiter == '\\') {
            throw new UnsupportedSedException("delimiter " + delimiter);
        }
        return delimiter;
    }

    /**
     * A regular expression up to the delimiter. An escaped delimiter becomes the plain
     * character; when that character means something in a regular expression GNU sed's
     * handling is subtle, so that is refused.
     */
    private String regexPart(char delimiter) throws UnsupportedSedException {
        StringBuilder part = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '\n') {
                throw new UnsupportedSedException("newline in a regular expression");
            }
            if (c == '\\') {
                char e = next();
                if (e == delimiter) {
                    if (".*[]^$\\+?(){}|".indexOf(e) >= 0) {
                        throw new UnsupportedSedException("escaped delimiter " + e);
                    }
                    part.append(e);
                } else if (e == '\n') {
                    throw new UnsupportedSedException("escaped newline in a regular expression");
                } else {
                    part.append('\\').append(e);
                }
                continue;
            }
            if (c == delimiter) {
                return part.toString();
            }
            part.append(c);
        }
    }

    /** A replacement or y string up to the delimiter; escapes other than the delimiter's are kept. */
    private String part(char delimiter) throws UnsupportedSedException {
        StringBuilder part = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '\\') {
                char e = next();
                if (e == delimiter && delimiter != '&') {
                    part.append(e);
                } else {
                    part.append('\\').append(e);
                }
                continue;
            }
            if (c == delimiter) {
                return part.toString();
            }
            if (c == '\n') {
                throw new UnsupportedSedException("unescaped newline inside a command");
            }
            part.append(c);
        }
    }

    private static String unescapeY(String raw) throws UnsupportedSedException {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                char e = raw.charAt(++i);
                if (e == 'n') {
                    out.append('\n');
                } else if (e == '\\') {
                    out.append('\\');
                } else {
                    throw new UnsupportedSedException("y escape \\" + e);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The text of a, i, c: GNU's one-line form ({@code a text}) or the classic {@code a\}. */
    private String text() throws UnsupportedSedException {
        skipBlanks();
        if (peek() == '\\') {
            at++;
            skipBlanks();
            if (peek() == '\n') {
                at++;
            }
        }
        StringBuilder text = new StringBuilder();
        while (at < s.length()) {
            char c = s.charAt(at++);
            if (c == '\n') {
                break;
            }
            if (c == '\\') {
                if (at >= s.length()) {
                    break;
                }
                text.append(s.charAt(at++));
                continue;
            }
            text.append(c);
        }
        if (text.length() == 0) {
            throw new UnsupportedSedException("expected \\ after a, c or i");
        }
        return text.append('\n').toString();
    }

    /** A label: up to white space or a semicolon (GNU); what follows must end the command. */
    private String label() throws UnsupportedSedException {
        skipBlanks();
        int start = at;
        while (at < s.length() && !Character.isWhitespace(s.charAt(at)) && s.charAt(at) != ';') {
            at++;
        }
        String label = s.substring(start, at);
        endOfCommand();
        return label;
    }

    private void resolveLabels() throws UnsupportedSedException {
        Map<String, Integer> labels = new HashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            SedCommand command = commands.get(i);
            if (command.name == ':' && labels.put(command.label, i) != null) {
                throw new UnsupportedSedException("duplicate label " + command.label);
            }
        }
        for (SedCommand command : commands) {
            if (command.name == 'b' || command.name == 't' || command.name == 'T') {
                if (command.label.isEmpty()) {
                    command.jump = commands.size();
                } else {
                    Integer target = labels.get(command.label);
                    if (target == null) {
                        throw new UnsupportedSedException("can't find label for jump to `" + command.label + "'");
                    }
                    command.jump = target;
                }
            }
        }
    }

    private void endOfCommand() throws UnsupportedSedException {
        skipBlanks();
        char c = peek();
        if (c == ';' || c == '\n') {
            at++;
        } else if (c != '}' && c != '#' && c != 0) {
            throw new UnsupportedSedException("extra characters after command");
        }
    }

    private void skipBlanks() {
        while (at < s.length() && (s.charAt(at) == ' ' || s.charAt(at) == '\t')) {
            at++;
        }
    }

    private void skipLine() {
        while (at < s.length() && s.charAt(at) != '\n') {
            at++;
        }
    }

    private char peek() {
        return at < s.length() ? s.charAt(at) : 0;
    }

    private char next() throws UnsupportedSedException {
        if (at >= s.length()) {
            throw new UnsupportedSedException("unterminated command");
        }
        return s.charAt(at++);
    }
}
