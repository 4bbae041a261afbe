package dev.kvmrunner.domain.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.console.Console;
import dev.kvmrunner.console.ConsoleClosedException;
import dev.kvmrunner.console.ConsoleTimeoutException;
import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.ProcessTree;
import dev.kvmrunner.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessDomainTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path work;

    @Test
    void bootsAShellThatRunsCommandsAndReportsExitStatus() throws Exception {
        String run = "test-" + UUID.randomUUID();
        Domain domain = new ProcessBackend(run).domain(new DomainName("a.", "east"), work.resolve("a.east"));
        try (Console console = new Console("a.east", domain.boot(TIMEOUT))) {
            console.sync("east", TIMEOUT);
            Console.Execution hello = console.execute("echo hello $HOSTNAME", TIMEOUT);
            assertThat(hello.status()).isZero();
            assertThat(hello.output()).isEqualTo("hello east\n");
            assertThat(console.run("false", TIMEOUT)).isEqualTo(1);
            assertThat(console.run("(exit 42)", TIMEOUT)).isEqualTo(42);
            assertThat(console.execute("pwd", TIMEOUT).output().trim())
                    .isEqualTo(work.resolve("a.east").toString());
        } finally {
            domain.close();
        }
        assertThat(ProcessTree.alive(ProcessTree.marked(run))).isEmpty();
    }

    @Test
    void shutdownEndsBackgroundJobsAndTheirChildren() throws Exception {
        String run = "test-" + UUID.randomUUID();
        Domain domain = new ProcessBackend(run).domain(new DomainName("", "west"), work.resolve("west"));
        Console console = new Console("west", domain.boot(TIMEOUT));
        console.sync("west", TIMEOUT);
        console.run("sleep 300 & (sleep 301 &) ; setsid sleep 302 < /dev/null > /dev/null 2>&1 &", TIMEOUT);
        Await.until(
                "the shell and three sleeps run",
                TIMEOUT,
                () -> ProcessTree.alive(ProcessTree.marked(run)).size() >= 4);
        domain.shutdown(TIMEOUT);
        assertThat(domain.isRunning()).isFalse();
        console.close();
        // setsid escapes the session but not the domain's marker
        Await.until(
                "every process of the domain is gone",
                TIMEOUT,
                () -> ProcessTree.alive(ProcessTree.marked(run)).isEmpty());
    }

    @Test
    void timeoutAndLostConsoleAreReportedAsSuch() throws Exception {
        Domain domain = new ProcessBackend("test-" + UUID.randomUUID())
                .domain(new DomainName("b.", "road"), work.resolve("b.road"));
        try (Console console = new Console("b.road", domain.boot(TIMEOUT))) {
            console.sync("road", TIMEOUT);
            assertThatThrownBy(() -> console.run("sleep 5", Duration.ofMillis(200)))
                    .isInstanceOf(ConsoleTimeoutException.class);
            domain.shutdown(TIMEOUT);
            assertThatThrownBy(() -> console.run("echo gone", TIMEOUT)).isInstanceOf(ConsoleClosedException.class);
        } finally {
            domain.close();
        }
    }

    @Test
    void transcriptHoldsCommandsAndOutputButNoTerminalNoise() throws Exception {
        Domain domain = new ProcessBackend("test-" + UUID.randomUUID())
                .domain(new DomainName("", "north"), work.resolve("north"));
        Path transcript = work.resolve("north.console.verbose.txt");
        try (Console console = new Console("north", domain.boot(TIMEOUT))) {
            console.sync("north", TIMEOUT);
            console.transcribeTo(transcript);
            console.mark("MARK");
            console.run("echo one; echo two", TIMEOUT);
            console.closeTranscript();
        } finally {
            domain.close();
        }
        String text = Files.readString(transcript);
        assertThat(text).startsWith("MARKecho one; echo two\none\ntwo\n[");
        assertThat(text).doesNotContain("\r").doesNotContain("\u001b");
        assertThat(text).matches("(?s).*\\[[^@]+@north ~\\][#$] $");
    }
}
