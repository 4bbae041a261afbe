package dev.kvmrunner.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.kvmrunner.files.AtomicFiles;
import dev.kvmrunner.judge.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads and writes {@code OUTPUT/RESULT}: one JSON object, written atomically. */
public final class ResultFile {
    public static final String NAME = "RESULT";

    /** Made on first use: most trees judged by {@code results} have no RESULT files to read. */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .findAndAddModules()
                .addModule(new SimpleModule()
                        .addSerializer(Result.class, new ToStringSerializer())
                        .addDeserializer(Result.class, new com.fasterxml.jackson.databind.JsonDeserializer<>() {
                            @Override
                            public Result deserialize(
                                    com.fasterxml.jackson.core.JsonParser p,
                                    com.fasterxml.jackson.databind.DeserializationContext c)
                                    throws IOException {
                                return Result.parse(p.getValueAsString());
                            }
                        })
                        .addSerializer(java.time.Instant.class, new ToStringSerializer())
                        .addDeserializer(
                                java.time.Instant.class, new com.fasterxml.jackson.databind.JsonDeserializer<>() {
                                    @Override
                                    public java.time.Instant deserialize(
                                            com.fasterxml.jackson.core.JsonParser p,
                                            com.fasterxml.jackson.databind.DeserializationContext c)
                                            throws IOException {
                                        return java.time.Instant.parse(p.getValueAsString());
                                    }
                                }))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
    }

    private ResultFile() {}

    /** Writes RECORD to OUTPUT_DIRECTORY/RESULT through a temporary file and a rename. */
    public static void write(Path outputDirectory, TestRecord record) throws IOException {
        AtomicFiles.write(outputDirectory.resolve(NAME), Json.MAPPER.writeValueAsString(record) + "\n");
    }

    /** The RESULT in OUTPUT_DIRECTORY; empty when there is none or it cannot be read. */
    public static Optional<TestRecord> read(Path outputDirectory) {
        return read(outputDirectory, problem -> {});
    }

    /**
     * The RESULT in OUTPUT_DIRECTORY; empty when there is none. One that cannot be read or is
     * not a test's record ({@code null}, {@code {}}, garbage, no test name or result) counts as
     * missing, and WARNINGS is told why: a broken file must never break a run or a report.
     */
    public static Optional<TestRecord> read(Path outputDirectory, Consumer<String> warnings) {
        Path file = outputDirectory.resolve(NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        TestRecord record;
        try {
            record = Json.MAPPER.readValue(file.toFile(), TestRecord.class);
        } catch (IOException | RuntimeException e) {
            warnings.accept(file + ": unreadable RESULT, treated as missing: " + firstLine(e.getMessage()));
            return Optional.empty();
        }
        if (record == null || record.testName() == null || record.result() == null) {
            warnings.accept(file + ": RESULT names no test or result, treated as missing");
            return Optional.empty();
        }
        return Optional.of(record);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** One record as a single JSON line (for event streams). */
    public static String toJsonLine(Object value) {
        try {
            return Json.MAPPER
                    .writer()
                    .without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
