package dev.kvmrunner.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The events of a run's event stream ({@code --events}, one JSON object a line), as a sweep point kept them. */
final class EventLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventLines() {}

    /** Hands each event of EVENTS to EACH; nothing when the file is missing, and a line cut by a killed run is skipped. */
    static void forEach(Path events, Consumer<JsonNode> each) throws IOException {
        if (!Files.isRegularFile(events)) {
            return;
        }
        try (BufferedReader reader = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode event;
                try {
                    event = JSON.readTree(line);
                } catch (IOException e) {
                    continue;
                }
                each.accept(event);
            }
        }
    }
}
