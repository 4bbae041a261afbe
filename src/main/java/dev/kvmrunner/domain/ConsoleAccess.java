package dev.kvmrunner.domain;

import dev.kvmrunner.console.ConsoleStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * An optional ability of a backend whose running domains keep a console others can join
 * (a VM's serial socket): {@code kvmrunner sh} attaches to it, like libreswan's kvmsh.
 */
public interface ConsoleAccess {
    /** The console of running domain NAME (of any run on this machine); empty when it does not run. */
    Optional<ConsoleStream> attach(DomainName name, Duration timeout) throws IOException, InterruptedException;
}
