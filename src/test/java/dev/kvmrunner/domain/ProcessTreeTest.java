package dev.kvmrunner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {
    @Test
    void aProcessWhoseRunnerIsGoneIsAnOrphanAndOneWhoseRunnerLivesIsNot() throws Exception {
        ProcessBuilder orphanBuilder = new ProcessBuilder("sleep", "300");
        // pid 1's start time is never 12345 ticks after boot on a machine that can run this test
        orphanBuilder.environment().put(ProcessTree.OWNER_MARKER, "1:12345");
        ProcessBuilder ownedBuilder = new ProcessBuilder("sleep", "301");
        ownedBuilder.environment().put(ProcessTree.OWNER_MARKER, ProcessTree.self());
        Process orphan = orphanBuilder.start();
        Process owned = ownedBuilder.start();
        try {
            Await.until("both sleep", Duration.ofSeconds(5), () -> orphan.isAlive() && owned.isAlive());
            assertThat(ProcessTree.orphans()).contains(orphan.pid()).doesNotContain(owned.pid());
        } finally {
            orphan.destroyForcibly();
            owned.destroyForcibly();
        }
    }
}
