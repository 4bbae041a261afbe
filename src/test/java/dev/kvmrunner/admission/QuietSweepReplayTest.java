package dev.kvmrunner.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvmrunner.admission.BootSample.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays the boots of the quiet-machine sweep of 2026-11-30 (tools/bench/perf-sweep.sh, examples/bench,
 * {@code --reset boot}, TCG, 2 cores): the serial point's boots, which is what earlier runs record,
 * and the {@code --workers auto --prefixes auto} point's boots, in their order. In that run the
 * unloaded time was the fastest boot seen (2.9 s) while lone boots took 4-8 s: auto read that as
 * load, shrank to one group and took 3.07x the best fixed point. The boots are replayed with boots
 * waiting, tests left and a core idle throughout: the events of that sweep did not record them.
 */
class QuietSweepReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The fastest first boot and reset the sweep's state had recorded before its auto point. */
    private static final Map<Kind, Double> FASTEST = Map.of(Kind.FIRST, 2.888, Kind.AGAIN, 2.934);

    record Boot(Kind kind, double seconds, int concurrency) {}

    private static List<Boot> boots(String point) throws IOException {
        List<Boot> boots = new ArrayList<>();
        try (InputStream in = QuietSweepReplayTest.class.getResourceAsStream("quiet-sweep-" + point + ".jsonl");
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode event = JSON.readTree(line);
                if (event.get("succeeded").asBoolean()) {
                    boots.add(new Boot(
                            Kind.valueOf(event.get("kind").asText().toUpperCase(Locale.ROOT)),
                            event.get("seconds").asDouble(),
                            event.get("concurrency").asInt()));
                }
            }
        }
        return boots;
    }

    /** The changes AUTO's boots cause, with boots waiting, tests left and a core idle throughout. */
    private static List<Change> replay(Map<Kind, List<Double>> history) throws IOException {
        AdmissionController c =
                new AdmissionController(new AdmissionController.Settings(true, 1, 4, true, 2, 4, FASTEST, history));
        List<Change> changes = new ArrayList<>();
        for (Boot boot : boots("wauto-pauto-boot-r1")) {
            changes.addAll(c.bootFinished(
                    new BootSample(boot.kind(), boot.seconds(), boot.concurrency(), c.epoch(), 2, 10, 1.0)));
        }
        return changes;
    }

    @Test
    void withTheLoneBootsOfEarlierRunsTheTypicalBootIsNotTakenForLoad() throws IOException {
        Map<Kind, List<Double>> history = new EnumMap<>(Kind.class);
        for (Boot boot : boots("w1-p1-boot-r1")) {
            if (boot.concurrency() == 1) {
                history.computeIfAbsent(boot.kind(), k -> new ArrayList<>()).add(boot.seconds());
            }
        }
        List<Change> changes = replay(history);
        assertThat(changes).noneMatch(change -> change.what() == Change.What.GROUPS && change.to() < change.from());
        assertThat(changes).anyMatch(change -> change.what() == Change.What.GROUPS && change.to() > change.from());
        assertThat(changes).anyMatch(change -> change.what() == Change.What.BOOTS && change.to() > change.from());
    }

    @Test
    void withOnlyTheFastestBootRecordedTheRunsOwnLoneBootsReplaceIt() throws IOException {
        // the quiet sweep's auto point measured these boots against the fastest boot recorded (2.9 s),
        // saw its lone boots of 4-8 s as load "2.02x" and shrank to one group; a recorded time now
        // stands in only until the run's own first lone boot
        List<Change> changes = replay(Map.of());
        assertThat(changes).noneMatch(change -> change.to() < change.from());
        assertThat(changes).anyMatch(change -> change.what() == Change.What.GROUPS && change.to() > change.from());
    }
}
