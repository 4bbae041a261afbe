package dev.kvmrunner.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.kvmrunner.judge.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads and writes {@code OUTPUT/RESULT}: one JSON object, written atomically. */
public final class ResultFile {
    public static final String NAME = "RESULT";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .findAndAddModules()
            .addModule(new SimpleModule()
                    .addSerializer(Result.class, new ToStringSerializer())
                    .addDeserializer(Result.class, new com.fasterxml.jackson.databind.JsonDeserializer<>() {
                        @Override
                        public Result deserialize(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext c)
                                throws IOException {
                            return Result.parse(p.getValueAsString());
                        }
                    })
                    .addSerializer(java.time.Instant.class, new ToStringSerializer())
                    .addDeserializer(java.time.Instant.class, new com.fasterxml.jackson.databind.JsonDeserializer<>() {
                        @Override
                        public java.time.Instant deserialize(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext c)
                                throws IOException {
                            return java.time.Instant.parse(p.getValueAsString());
                        }
                    }))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ResultFile() {
    }

    /** Writes RECORD to OUTPUT_DIRECTORY/RESULT through a temporary file and a rename. */
    public static void write(Path outputDirectory, TestRecord record) throws IOException {
        AtomicFiles.write(outputDirectory.resolve(NAME), JSON.writeValueAsString(record) + "\n");
    }

    /** The RESULT in OUTPUT_DIRECTORY; empty when there is none or it cannot be read. */
    public static Optional<TestRecord> read(Path outputDirectory) {
        Path file = outputDirectory.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), TestRecord.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** One record as a single JSON line (for event streams). */
    public static String toJsonLine(Object value) {
        try {
            return JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
