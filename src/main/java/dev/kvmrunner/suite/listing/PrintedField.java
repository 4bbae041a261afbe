package dev.kvmrunner.suite.listing;

import dev.kvmrunner.config.BadInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * A field {@code --print} names: {@code list}'s {@link PrintField}s and {@code results}'
 * {@code ResultField}s. Both parse their lists and name their JSON keys here, the same way.
 */
public interface PrintedField {
    /** The name on the command line, e.g. {@code test-host-names}. */
    String fieldName();

    /** The key in JSON output: the name with '_' for '-', as libreswan's JsonBuilder. */
    default String jsonKey() {
        return fieldName().replace('-', '_');
    }

    /**
     * Parses a comma-separated list such as {@code test-name,test-host-names} of the fields
     * VALUES; empty items are ignored, as libreswan does.
     *
     * @throws BadInputException naming the unknown field and the valid ones
     */
    static <F extends PrintedField> List<F> parseList(String fields, F[] values) {
        List<F> parsed = new ArrayList<>();
        for (String name : fields.split(",")) {
            if (!name.isEmpty()) {
                parsed.add(named(name, values));
            }
        }
        return parsed;
    }

    private static <F extends PrintedField> F named(String name, F[] values) {
        StringBuilder valid = new StringBuilder();
        for (F field : values) {
            if (field.fieldName().equals(name)) {
                return field;
            }
            valid.append(valid.length() > 0 ? "," : "").append(field.fieldName());
        }
        throw new BadInputException("--print: unknown field '" + name + "'; valid fields: " + valid);
    }
}
