package dev.kvmrunner.domain.libvirt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The libvirt name of a prefix's copy of a topology network, also the name of its bridge:
 * {@code <prefix><network>} ({@code a.lan}), so that {@code virsh net-list} reads like the
 * domains. The empty prefix's are {@code kvmrunner-<network>}: a bare {@code lan} could be an
 * interface of the host's own. A bridge is a kernel interface, whose name has at most 15
 * characters; a longer name keeps its start and ends in a hash of the whole, so two long names
 * never meet.
 */
final class NetworkName {
    /** IFNAMSIZ - 1. */
    static final int MAX = 15;

    private NetworkName() {}

    static String of(String prefix, String network) {
        String full = (prefix.isEmpty() ? "kvmrunner-" : prefix) + network;
        if (full.length() <= MAX) {
            return full;
        }
        String hash = hash(full).substring(0, 5);
        return full.substring(0, MAX - hash.length() - 1) + "-" + hash;
    }

    private static String hash(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }
}
