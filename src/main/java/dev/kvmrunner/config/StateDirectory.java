package dev.kvmrunner.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where kvmrunner keeps what outlives a run on this machine: the machine record
 * ({@code machine.json}) and the qemu backend's installed domain groups ({@code qemu/}).
 * {@code $KVMRUNNER_STATE_DIR}, else {@code $XDG_STATE_HOME/kvmrunner}, else
 * {@code ~/.local/state/kvmrunner}: one variable moves all of it, so that a benchmark or a test
 * run that sets it neither sees nor changes the user's.
 */
public final class StateDirectory {
    private StateDirectory() {}

    /** The state directory ENVIRONMENT names. */
    public static Path of(Map<String, String> environment) {
        String own = environment.get("KVMRUNNER_STATE_DIR");
        if (own != null && !own.isEmpty()) {
            return Path.of(own);
        }
        String xdg = environment.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Path.of(xdg, "kvmrunner");
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "kvmrunner");
    }
}
