package dev.kvmrunner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.testing.Await;
import dev.kvmrunner.timeouts.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
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

    @Test
    void aDomainsMarkersFindItsProcessesByRunAndByNameAcrossRuns() throws Exception {
        String run = "pt-" + UUID.randomUUID();
        ProcessBuilder builder = new ProcessBuilder("sleep", "302");
        builder.environment().putAll(ProcessTree.markers(run, "a.east"));
        Process marked = builder.start();
        try {
            Await.until("it sleeps", Duration.ofSeconds(5), marked::isAlive);
            assertThat(ProcessTree.marked(run)).containsExactly(marked.pid());
            assertThat(ProcessTree.marked(ProcessTree.DOMAIN_MARKER, ProcessTree.domainMarker(run, "a.east")))
                    .containsExactly(marked.pid());
            assertThat(ProcessTree.ofDomain("a.east")).contains(marked.pid());
            assertThat(ProcessTree.ofDomain("east")).doesNotContain(marked.pid()); // another domain: prefix ''
            assertThat(ProcessTree.environment(marked.pid()))
                    .containsEntry(ProcessTree.OWNER_MARKER, ProcessTree.self());
        } finally {
            marked.destroyForcibly();
        }
    }

    @Test
    void killUntilGoneEndsAShellThatKeepsForking() throws Exception {
        String tag = "fork-" + UUID.randomUUID();
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "while :; do sleep 300 & sleep 0.01; done");
        builder.environment().put("TEST_TAG", tag);
        Process shell = builder.start();
        try {
            Await.until(
                    "it has forked",
                    Duration.ofSeconds(5),
                    () -> ProcessTree.marked("TEST_TAG", tag).size() > 2);
            List<Long> left = ProcessTree.killUntilGone(
                    () -> ProcessTree.marked("TEST_TAG", tag), Deadline.of(Duration.ofSeconds(10)));
            assertThat(left).isEmpty();
            assertThat(ProcessTree.alive(ProcessTree.marked("TEST_TAG", tag))).isEmpty();
        } finally {
            shell.destroyForcibly();
        }
    }

    @Test
    void aBusyProcessGathersCpuTicksAndAGoneOneHasNone() throws Exception {
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            Await.until(
                    "it used a clock tick of CPU", Duration.ofSeconds(20), () -> ProcessTree.cpuTicks(busy.pid()) > 0);
            assertThat(ProcessTree.status(busy.pid(), "State")).isNotEmpty();
        } finally {
            busy.destroyForcibly();
            busy.waitFor();
        }
        assertThat(ProcessTree.cpuTicks(busy.pid())).isEqualTo(-1);
        assertThat(ProcessTree.status(busy.pid(), "State")).isEmpty();
    }
}
