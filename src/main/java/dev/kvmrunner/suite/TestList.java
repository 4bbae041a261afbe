package dev.kvmrunner.suite;

import dev.kvmrunner.config.Names;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed TESTLIST: lines {@code kind name status [PR] # comment}; text after {@code #} is a
 * comment and blank lines are skipped.
 *
 * <p>A name listed twice is a warning and the later line wins, but the test keeps the first
 * line's position: libreswan keeps its tests in an OrderedDict, where assigning an existing
 * key replaces the value in place. Choosing the later line is libreswan's choice too (it keeps
 * earlier results valid).
 */
public record TestList(Path file, List<TestListEntry> entries, List<Problem> problems) {

    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
    /** The statuses libreswan's TESTLIST uses; another is most likely a typo that no filter selects. */
    public static final List<String> KNOWN_STATUSES = List.of("good", "wip", "skiptest", "skip");

    public TestList {
        entries = List.copyOf(entries);
        problems = List.copyOf(problems);
    }

    /** Parses {@code lines}, the contents of {@code file}; {@code file} is only used in messages. */
    public static TestList parse(Path file, List<String> lines) {
        Map<String, TestListEntry> byName = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String original = lines.get(i);
            int hash = original.indexOf('#');
            String text = (hash >= 0 ? original.substring(0, hash) : original).strip();
            if (text.isEmpty()) {
                continue;
            }
            String[] fields = WHITE_SPACE.split(text);
            if (fields.length < 3) {
                problems.add(Problem.error(file, lineNumber, "line has too few fields: " + original));
                continue;
            }
            if (fields.length > 4) {
                problems.add(Problem.error(file, lineNumber, "line has too many fields: " + original));
                continue;
            }
            TestListEntry entry = new TestListEntry(
                    fields[0],
                    fields[1],
                    fields[2],
                    fields.length == 4 ? Optional.of(fields[3]) : Optional.empty(),
                    lineNumber);
            if (!Names.isName(entry.name())) {
                problems.add(Problem.error(
                        file, lineNumber, "bad test name '" + entry.name() + "': expected " + Names.nameRule()));
                continue;
            }
            if (!KNOWN_STATUSES.contains(entry.status())) {
                problems.add(Problem.warning(
                        file,
                        lineNumber,
                        "test " + entry.name() + ": unknown status '" + entry.status() + "' (known: "
                                + String.join(", ", KNOWN_STATUSES) + ")"));
            }
            TestListEntry first = byName.put(entry.name(), entry);
            if (first != null) {
                problems.add(Problem.warning(
                        file,
                        lineNumber,
                        "test " + describe(entry)
                                + " is a duplicate of " + describe(first) + " at line " + first.line()
                                + "; using this line"));
            }
        }
        return new TestList(file, new ArrayList<>(byName.values()), problems);
    }

    public boolean hasErrors() {
        for (Problem problem : problems) {
            if (problem.error()) {
                return true;
            }
        }
        return false;
    }

    private static String describe(TestListEntry entry) {
        return entry.kind() + " " + entry.name() + " " + entry.status();
    }
}
