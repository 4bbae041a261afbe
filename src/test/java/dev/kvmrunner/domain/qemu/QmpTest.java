package dev.kvmrunner.domain.qemu;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.timeouts.Deadline;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connecting to QEMU's sockets. */
class QmpTest {
    @TempDir
    Path directory;

    @Test
    void aSocketWhoseServerExitedIsGivenUpAtOnceNotAtTheDeadline() {
        // a deadline no test would wait for: the connection must give up because the server is gone
        Deadline deadline = Deadline.of(Duration.ofHours(1));
        assertThatThrownBy(() -> Qmp.UnixSockets.connect(directory.resolve("qmp.sock"), deadline, () -> false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("qmp.sock")
                .hasMessageContaining("its server exited");
    }

    @Test
    void aSocketThatNeverAppearsIsGivenUpAtTheDeadline() {
        Deadline deadline = Deadline.of(Duration.ofMillis(50));
        assertThatThrownBy(() -> Qmp.UnixSockets.connect(directory.resolve("qmp.sock"), deadline, () -> true))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot connect to");
    }
}
