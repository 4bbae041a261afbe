package dev.kvmrunner.suite;

import dev.kvmrunner.config.BadInputException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which tests of a suite to select, by kind, status and name. As in libreswan (fab/ignore.py,
 * the same in 2019 and main) each regular expression is searched for anywhere in the field
 * ({@code re.search}), and an empty expression selects everything.
 */
public record TestFilter(Pattern kind, Pattern status, Pattern name) {

    public static final String DEFAULT_KIND = SuiteLoader.DEFAULT_KIND;
    public static final String DEFAULT_STATUS = SuiteLoader.DEFAULT_STATUS;

    /** Compiles the three expressions; {@code null} means the default. */
    public static TestFilter of(String kind, String status, String name) {
        return new TestFilter(
                compile("--test-kind", kind == null ? DEFAULT_KIND : kind),
                compile("--test-status", status == null ? DEFAULT_STATUS : status),
                compile("--test-name", name == null ? "" : name));
    }

    public boolean accepts(TestCase test) {
        return matches(kind, test.kind()) && matches(status, test.status()) && matches(name, test.name());
    }

    private static boolean matches(Pattern pattern, String field) {
        return pattern.pattern().isEmpty() || pattern.matcher(field).find();
    }

    private static Pattern compile(String option, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new BadInputException(option + ": bad regular expression '" + regex + "': " + e.getDescription());
        }
    }
}
