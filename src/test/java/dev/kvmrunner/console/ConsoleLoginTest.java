package dev.kvmrunner.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The login sequence VM consoles need, against a fake login program under a real pty. */
class ConsoleLoginTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private PtyProcess process;

    private Console start() throws Exception {
        Path script = Path.of("src/test/resources/console/fake-login.sh").toAbsolutePath();
        dev.kvmrunner.domain.PtyNatives.useCache(System.getenv()); // pty4j directly: else it leaves <tmp>/pty4j-*
        process = new PtyProcessBuilder(new String[] {"/bin/bash", script.toString()})
                .setEnvironment(Map.of("PATH", System.getenv("PATH"), "TERM", "dumb"))
                .start();
        return new Console("fake", new ProcessConsoleStream(process));
    }

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void logsInSynchronisesAndRunsCommands() throws Exception {
        try (Console console = start()) {
            console.login(new Credentials("root", "secret"), TIMEOUT);
            console.sync("fake", TIMEOUT);
            Console.Execution who = console.execute("echo logged in as $USER-less shell", TIMEOUT);
            assertThat(who.output()).isEqualTo("logged in as -less shell\n");
            assertThat(console.run("false", TIMEOUT)).isEqualTo(1);
        }
    }

    @Test
    void aWrongPasswordNeverReachesAPrompt() throws Exception {
        try (Console console = start()) {
            console.login(new Credentials("root", "wrong"), TIMEOUT);
            assertThatThrownBy(() -> console.sync("fake", Duration.ofSeconds(1)))
                    .isInstanceOf(ConsoleTimeoutException.class)
                    .satisfies(e ->
                            assertThat(((ConsoleException) e).recentOutput()).contains("Login incorrect"));
        }
    }
}
