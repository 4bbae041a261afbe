package dev.kvmrunner.judge.sed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.timeouts.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A script that loops forever in the JVM stops at its deadline and on an interrupt, as a killed sed would. */
class SedStopTest {
    private static SedProgram loop() throws UnsupportedSedException {
        return SedParser.parse(List.of(":a\nba\n"), false, false);
    }

    @Test
    void aLoopStopsAtItsDeadline() throws Exception {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> loop().run("line\n", Deadline.of(Duration.ofMillis(200))))
                .isInstanceOfSatisfying(
                        SedStoppedException.class,
                        e -> assertThat(e.interrupted()).isFalse());
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5000);
    }

    @Test
    void aLoopStopsWhenItsThreadIsInterrupted() throws Exception {
        SedProgram program = loop();
        AtomicReference<Throwable> stopped = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                program.run("line\n", Deadline.none());
            } catch (SedStoppedException e) {
                stopped.set(e);
            }
        });
        thread.start();
        thread.interrupt();
        thread.join(5000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(stopped.get())
                .isInstanceOfSatisfying(
                        SedStoppedException.class,
                        e -> assertThat(e.interrupted()).isTrue());
    }

    @Test
    void aProgramThatEndsIsNotStopped() throws Exception {
        SedProgram program = SedParser.parse(List.of("s/a/b/\n"), false, false);
        assertThat(CompletableFuture.supplyAsync(() -> program.run("a\na\n")).get(5, TimeUnit.SECONDS))
                .isEqualTo("b\nb\n");
    }
}
