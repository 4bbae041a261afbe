package dev.kvmrunner.domain;

import java.io.IOException;
import java.util.Optional;

/**
 * An optional ability of a backend: the suite's install step (libreswan's kvm-install) puts
 * the software under test into the domains' base, once, and again only when its inputs change.
 */
public interface SoftwareInstaller {
    /**
     * Runs the install step when the source or the image changed since it last ran, and
     * otherwise skips it. Returns one line for the user saying which it did and how long it
     * took; empty when the suite has no install step.
     *
     * @throws IOException when the step fails (its output is kept and named in the message)
     */
    Optional<String> installSoftware() throws IOException, InterruptedException;
}
