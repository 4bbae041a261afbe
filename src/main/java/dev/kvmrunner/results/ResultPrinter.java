package dev.kvmrunner.results;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kvmrunner.suite.listing.TestPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Formats one judged test as kvmresults.py does: one line of the chosen fields separated by
 * one space (an empty value is left out with its separator, unless a placeholder is given),
 * diffs on the lines after it; or one JSON object per line with every chosen field's JSON key
 * (null when the value is empty), so a reader never has to ask whether a key is missing.
 */
public final class ResultPrinter {
    private final List<ResultField> fields;
    private final Path workingDirectory;
    private final JsonFactory jsonFactory = new JsonFactory();
    private final Optional<String> empty;

    /** @param workingDirectory what printed paths are relative to */
    public ResultPrinter(List<ResultField> fields, Path workingDirectory) {
        this(fields, workingDirectory, Optional.empty());
    }

    /** @param empty what an empty field prints as; empty: it is left out, as kvmresults.py does */
    public ResultPrinter(List<ResultField> fields, Path workingDirectory, Optional<String> empty) {
        this.fields = List.copyOf(fields);
        this.workingDirectory = workingDirectory.toAbsolutePath();
        this.empty = empty;
    }

    public String text(JudgedTest judged) {
        StringBuilder line = new StringBuilder();
        for (ResultField field : fields) {
            if (field == ResultField.DIFFS) {
                continue;
            }
            String value = field.testField() != null
                    ? field.testField().text(judged.target().test())
                    : text(field, judged);
            if (value.isEmpty()) {
                value = empty.orElse("");
            }
            if (!value.isEmpty()) {
                if (line.length() > 0) {
                    line.append(' ');
                }
                line.append(value);
            }
        }
        if (fields.contains(ResultField.DIFFS)) {
            for (List<String> diff : judged.verdict().diffs().values()) {
                if (!diff.isEmpty()) {
                    line.append(line.length() > 0 ? "\n" : "").append(String.join("\n", diff));
                }
            }
        }
        return line.toString();
    }

    private String text(ResultField field, JudgedTest judged) {
        Object value = value(field, judged);
        return value == null ? "" : value.toString();
    }

    /** The value; null when there is none (the field is then left out). */
    private Object value(ResultField field, JudgedTest judged) {
        ResultTarget target = judged.target();
        switch (field) {
            case PATH:
                return target.saved()
                        ? display(target.outputDirectory())
                        : target.test().displayDirectory();
            case SAVED_OUTPUT_DIRECTORY:
                return target.saved() ? display(target.outputDirectory()) : null;
            case RESULT:
                return judged.verdict().result().toString();
            case ERRORS:
            case ISSUES:
                return judged.verdict().issues().isEmpty()
                        ? null
                        : judged.verdict().issues().toString();
            case START_TIME:
                return judged.record().map(TestRecord::startTime).orElse(null);
            case STOP_TIME:
                return judged.record().map(TestRecord::stopTime).orElse(null);
            case BOOT_TIME:
                return judged.record().map(TestRecord::bootTime).orElse(null);
            case SCRIPT_TIME:
                return judged.record().map(TestRecord::scriptTime).orElse(null);
            case RUNTIME:
                return judged.record().map(TestRecord::runtime).orElse(null);
            case BASELINE_DIRECTORY:
                return judged.baseline()
                        .map(b -> b.test()
                                .map(t -> t.displayDirectory())
                                .orElse(target.test().displayDirectory()))
                        .orElse(null);
            case BASELINE_OUTPUT_DIRECTORY:
                return judged.baseline().map(b -> display(b.outputDirectory())).orElse(null);
            default:
                throw new AssertionError(field);
        }
    }

    private String display(Path path) {
        String relative = workingDirectory.relativize(path.toAbsolutePath()).toString();
        return relative.isEmpty() ? "." : relative;
    }

    public String json(JudgedTest judged) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = jsonFactory.createGenerator(out)) {
            json.writeStartObject();
            for (ResultField field : fields) {
                if (field.testField() != null) {
                    json.writeFieldName(field.jsonKey());
                    TestPrinter.write(
                            json, field.testField().json(judged.target().test()));
                    continue;
                }
                switch (field) {
                    case ERRORS:
                    case ISSUES:
                        json.writeFieldName(field.jsonKey());
                        TestPrinter.write(json, judged.verdict().issues().toMap());
                        break;
                    case DIFFS:
                        json.writeFieldName(field.jsonKey());
                        TestPrinter.write(json, judged.verdict().diffs());
                        break;
                    case BOOT_TIME:
                    case SCRIPT_TIME:
                    case RUNTIME: {
                        Object value = value(field, judged);
                        json.writeFieldName(field.jsonKey());
                        if (value != null) {
                            json.writeNumber((Double) value);
                        } else {
                            json.writeNull();
                        }
                        break;
                    }
                    default: {
                        Object value = value(field, judged);
                        json.writeFieldName(field.jsonKey());
                        if (value != null) {
                            json.writeString(value.toString());
                        } else {
                            json.writeNull();
                        }
                    }
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
