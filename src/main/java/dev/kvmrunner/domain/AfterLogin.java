package dev.kvmrunner.domain;

import dev.kvmrunner.console.Console;
import dev.kvmrunner.console.ConsoleException;
import java.time.Duration;

/**
 * Optional ability of a {@link Domain} (offered by {@link Domain#afterLoginHook}): to be told
 * when its console has reached a logged-in, synchronised prompt after {@link Domain#boot}.
 * {@link BootAndLogin} calls it once per boot, before anyone uses the console. The qemu backend saves its snapshot here after a cold boot (the state to
 * restore instead of booting next time) and resets the guest clock after a restore.
 */
public interface AfterLogin {
    /** CONSOLE is synchronised (its prompt is known); commands sent here end in the boot transcript. */
    void afterLogin(Console console, Duration timeout) throws BootException, ConsoleException, InterruptedException;
}
