package dev.kvmrunner.suite.listing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kvmrunner.suite.TestCase;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Formats one test as one line (text) or one JSON object, the way kvmresults.py does. */
public final class TestPrinter {

    private final List<PrintField> fields;
    private JsonFactory jsonFactory;

    public TestPrinter(List<PrintField> fields) {
        this.fields = List.copyOf(fields);
    }

    /**
     * libreswan's TextBuilder: values separated by one space; an empty value is left out
     * together with its separator. Test-commands spans several lines.
     */
    public String text(TestCase test) {
        StringBuilder line = new StringBuilder();
        for (PrintField field : fields) {
            String value = field.text(test);
            if (!value.isEmpty()) {
                if (line.length() > 0) {
                    line.append(' ');
                }
                line.append(value);
            }
        }
        return line.toString();
    }

    /** libreswan's JsonBuilder, but on one line: {@code {"test_name": ..., ...}}. */
    public String json(TestCase test) {
        if (jsonFactory == null) {
            jsonFactory = new JsonFactory();
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator json = jsonFactory.createGenerator(out)) {
            json.writeStartObject();
            for (PrintField field : fields) {
                json.writeFieldName(field.jsonKey());
                write(json, field.json(test));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes a field's value as JSON: lists as arrays, maps as objects, anything else as its string. */
    public static void write(JsonGenerator json, Object value) throws IOException {
        if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                write(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(entry.getKey().toString());
                write(json, entry.getValue());
            }
            json.writeEndObject();
        } else {
            json.writeString(String.valueOf(value));
        }
    }
}
