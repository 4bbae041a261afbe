package dev.kvmrunner.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDirectoryTest {
    @Test
    void theStateDirectoryFollowsKvmrunnerThenXdgThenHome() {
        assertThat(StateDirectory.of(Map.of("KVMRUNNER_STATE_DIR", "/s", "XDG_STATE_HOME", "/x")))
                .isEqualTo(Path.of("/s"));
        assertThat(StateDirectory.of(Map.of("KVMRUNNER_STATE_DIR", "", "XDG_STATE_HOME", "/x")))
                .isEqualTo(Path.of("/x/kvmrunner"));
        assertThat(StateDirectory.of(Map.of("XDG_STATE_HOME", "/x"))).isEqualTo(Path.of("/x/kvmrunner"));
        // endsWithRaw: endsWith would resolve the path on disk, and a fresh home has no such directory
        assertThat(StateDirectory.of(Map.of())).endsWithRaw(Path.of(".local/state/kvmrunner"));
    }
}
