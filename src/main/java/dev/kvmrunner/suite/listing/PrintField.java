package dev.kvmrunner.suite.listing;

import dev.kvmrunner.suite.Command;
import dev.kvmrunner.suite.Guest;
import dev.kvmrunner.suite.ScriptStep;
import dev.kvmrunner.suite.TestCase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A field {@code --print} can show, with libreswan's name (kvmresults.py {@code --print}) and
 * libreswan's text form. Only fields known before a test runs are here; results are not.
 * (A switch rather than lambdas: each lambda costs start-up time, and list must start fast.)
 */
public enum PrintField implements PrintedField {
    TEST_NAME("test-name"),
    TEST_KIND("test-kind"),
    TEST_STATUS("test-status"),
    /** The test directory as libreswan shows it (relative to the working directory). */
    TEST_DIRECTORY("test-directory"),
    /** libreswan: the saved output directory if one was named, else the test directory. */
    PATH("path"),
    OUTPUT_DIRECTORY("output-directory"),
    /** The host of each guest, in guest order (libreswan main; the same as sorted hosts in 2019). */
    TEST_HOST_NAMES("test-host-names"),
    TEST_GUEST_NAMES("test-guest-names"),
    /** The platforms the test needs, sorted; nic's does not count (libreswan main). */
    TEST_PLATFORMS("test-platforms"),
    /** {@code host:script,host:script}; as JSON a list of {host, script}. */
    TEST_SCRIPTS("test-scripts"),
    /** One command per line: {@code script:line: guest# command}; as JSON a list of those. */
    TEST_COMMANDS("test-commands");

    private final String fieldName;

    PrintField(String fieldName) {
        this.fieldName = fieldName;
    }

    @Override
    public String fieldName() {
        return fieldName;
    }

    /** The value as text: lists joined by ',', commands by newlines; "" when there is none. */
    public String text(TestCase test) {
        Object value = value(test);
        if (value instanceof List<?> list) {
            StringBuilder text = new StringBuilder();
            for (Object item : list) {
                if (text.length() > 0) {
                    text.append(this == TEST_COMMANDS ? '\n' : ',');
                }
                text.append(item);
            }
            return text.toString();
        }
        return value.toString();
    }

    /** The value for JSON: a string, a list of strings, or a list of {host, script} maps. */
    public Object json(TestCase test) {
        switch (this) {
            case TEST_SCRIPTS: {
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
            case TEST_COMMANDS: {
                List<String> commands = new ArrayList<>();
                for (Command command : test.commands()) {
                    commands.add(command.toString());
                }
                return commands;
            }
            default:
                return value(test);
        }
    }

    private Object value(TestCase test) {
        switch (this) {
            case TEST_NAME:
                return test.name();
            case TEST_KIND:
                return test.kind();
            case TEST_STATUS:
                return test.status();
            case TEST_DIRECTORY:
            case PATH:
                return test.displayDirectory();
            case OUTPUT_DIRECTORY:
                return test.displayDirectory().concat("/OUTPUT");
            case TEST_HOST_NAMES: {
                List<String> hosts = new ArrayList<>();
                for (Guest guest : test.guests()) {
                    hosts.add(guest.host());
                }
                return hosts;
            }
            case TEST_GUEST_NAMES: {
                List<String> names = new ArrayList<>();
                for (Guest guest : test.guests()) {
                    names.add(guest.name());
                }
                return names;
            }
            case TEST_PLATFORMS: {
                TreeSet<String> platforms = new TreeSet<>();
                for (Guest guest : test.guests()) {
                    if (!guest.host().equals("nic") && !guest.platform().isEmpty()) {
                        platforms.add(guest.platform());
                    }
                }
                return List.copyOf(platforms);
            }
            case TEST_SCRIPTS:
                return test.steps();
            case TEST_COMMANDS:
                return test.commands();
            default:
                throw new AssertionError(this);
        }
    }

    /** See {@link PrintedField#parseList}. */
    public static List<PrintField> parseList(String fields) {
        return PrintedField.parseList(fields, values());
    }
}
