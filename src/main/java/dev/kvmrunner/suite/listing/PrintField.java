package dev.kvmrunner.suite.listing;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.suite.Command;
import dev.kvmrunner.suite.Guest;
import dev.kvmrunner.suite.ScriptStep;
import dev.kvmrunner.suite.TestCase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A field {@code --print} can show, with libreswan's name (kvmresults.py {@code --print}) and
 * libreswan's text form. Only fields known before a test runs are here; results are not.
 */
public enum PrintField {
    TEST_NAME("test-name", TestCase::name),
    TEST_KIND("test-kind", TestCase::kind),
    TEST_STATUS("test-status", TestCase::status),
    /** The test directory as libreswan shows it (relative to the working directory). */
    TEST_DIRECTORY("test-directory", TestCase::displayDirectory),
    /** libreswan: the saved output directory if one was named, else the test directory. */
    PATH("path", TestCase::displayDirectory),
    OUTPUT_DIRECTORY("output-directory", t -> t.displayDirectory() + "/OUTPUT"),
    /** The host of each guest, in guest order (libreswan main; same as sorted hosts in 2019). */
    TEST_HOST_NAMES("test-host-names", t -> t.guests().stream().map(Guest::host).toList()),
    TEST_GUEST_NAMES("test-guest-names", t -> t.guests().stream().map(Guest::name).toList()),
    /** The platforms the test needs, sorted; nic's does not count (libreswan main). */
    TEST_PLATFORMS("test-platforms", t -> new TreeSet<>(t.guests().stream()
            .filter(g -> !g.host().equals("nic") && !g.platform().isEmpty())
            .map(Guest::platform).toList()).stream().toList()),
    /** {@code host:script,host:script}; as JSON a list of {host, script}. */
    TEST_SCRIPTS("test-scripts", TestCase::steps),
    /** One command per line: {@code script:line: guest# command}; as JSON a list of those. */
    TEST_COMMANDS("test-commands", TestCase::commands);

    private final String fieldName;
    private final Function<TestCase, Object> value;

    PrintField(String fieldName, Function<TestCase, Object> value) {
        this.fieldName = fieldName;
        this.value = value;
    }

    /** The name on the command line, e.g. {@code test-host-names}. */
    public String fieldName() {
        return fieldName;
    }

    /** The key in JSON output: the name with '_' for '-', as libreswan's JsonBuilder. */
    public String jsonKey() {
        return fieldName.replace('-', '_');
    }

    /** The value as text: lists joined by ',', commands by newlines; "" when there is none. */
    public String text(TestCase test) {
        Object v = value.apply(test);
        if (v instanceof List<?> list) {
            String separator = this == TEST_COMMANDS ? "\n" : ",";
            return list.stream().map(Object::toString).collect(Collectors.joining(separator));
        }
        return v.toString();
    }

    /** The value for JSON: a string, a list of strings, or a list of {host, script} maps. */
    public Object json(TestCase test) {
        Object v = value.apply(test);
        if (this == TEST_SCRIPTS) {
            List<Map<String, String>> steps = new ArrayList<>();
            for (ScriptStep step : test.steps()) {
                Map<String, String> entry = new LinkedHashMap<>();
                if (step.guest() != null) {
                    entry.put("host", step.guest().host());
                }
                entry.put("script", step.script());
                steps.add(entry);
            }
            return steps;
        }
        if (this == TEST_COMMANDS) {
            return test.commands().stream().map(Command::toString).toList();
        }
        return v;
    }

    /**
     * Parses a comma-separated list such as {@code test-name,test-host-names}; empty items are
     * ignored, as libreswan does.
     *
     * @throws BadInputException naming the unknown field and the valid ones
     */
    public static List<PrintField> parseList(String fields) {
        List<PrintField> parsed = new ArrayList<>();
        for (String name : fields.split(",")) {
            if (name.isEmpty()) {
                continue;
            }
            parsed.add(Arrays.stream(values()).filter(f -> f.fieldName.equals(name)).findFirst()
                    .orElseThrow(() -> new BadInputException("--print: unknown field '" + name + "'; valid fields: "
                            + Arrays.stream(values()).map(PrintField::fieldName).collect(Collectors.joining(",")))));
        }
        return parsed;
    }
}
