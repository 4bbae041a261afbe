package dev.kvmrunner.judge;

import dev.kvmrunner.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Sanitized transcripts kept from an earlier judging, so that {@code results} on an unchanged
 * tree sanitizes only what changed. An entry is {@code OUTPUT/.kvmrunner-cache/<host>.<key>},
 * where the key is a SHA-256 over the transcript's bytes, the test name, the host and the
 * sanitizer's fingerprint ({@link SanitizerSource#fingerprint}: every script, the files that
 * choose them, the tools' executables and kvmrunner's own build). Living inside OUTPUT, it
 * goes when OUTPUT goes (and moves with it to a backup when a test reruns). A host keeps one
 * entry: writing a new one removes the old. Reading or writing failures only cost the cache
 * (a read-only saved tree is judged without it). Thread-safe: entries are written to a
 * temporary file and moved into place.
 */
public final class SanitizedCache {

    /** Whether {@code results} uses the cache (system property {@code kvmrunner.cache=false} turns it off). */
    public static final boolean ENABLED = !"false".equals(System.getProperty("kvmrunner.cache"));

    /** The cache's directory inside OUTPUT. */
    public static final String DIRECTORY = ".kvmrunner-cache";

    private SanitizedCache() {}

    /** The key of one host's sanitized transcript. */
    public static String key(byte[] transcript, String testName, String host, String fingerprint) {
        MessageDigest digest = sha256();
        digest.update(transcript);
        for (String part : new String[] {testName, host, fingerprint}) {
            digest.update((byte) 0);
            digest.update(part.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The content hash of a file's bytes, for fingerprints. */
    public static String hash(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }

    private record FileKey(Path file, long size, long modified) {}

    private static final java.util.concurrent.ConcurrentHashMap<FileKey, String> FILE_HASHES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The SHA-256 of a file's content ("none" when it does not exist), computed once per
     * version of the file (path, size, modification time).
     */
    public static String fileHash(Path file) {
        try {
            java.nio.file.attribute.BasicFileAttributes attributes =
                    Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            FileKey key = new FileKey(
                    file.toAbsolutePath().normalize(),
                    attributes.size(),
                    attributes.lastModifiedTime().toMillis());
            String known = FILE_HASHES.get(key);
            if (known != null) {
                return known;
            }
            String hash = hash(Files.readAllBytes(file));
            FILE_HASHES.put(key, hash);
            return hash;
        } catch (IOException e) {
            return "none";
        }
    }

    public static Optional<String> get(Path outputDirectory, String host, String key) {
        try {
            byte[] bytes = Files.readAllBytes(entry(outputDirectory, host, key));
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static void put(Path outputDirectory, String host, String key, String sanitized) {
        Path directory = outputDirectory.resolve(DIRECTORY);
        try {
            Files.createDirectories(directory);
            try (DirectoryStream<Path> old = Files.newDirectoryStream(directory, glob(host) + ".*")) {
                for (Path file : old) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return; // a tree we may not write to is judged without the cache
        }
        write(outputDirectory, host + "." + key, sanitized);
    }

    /**
     * Writes one file of the cache through a temporary file and a rename, so that a reader sees
     * the old content or the new, never a part; a failure only costs the cache.
     */
    static void write(Path outputDirectory, String name, String content) {
        Path directory = outputDirectory.resolve(DIRECTORY);
        try {
            Files.createDirectories(directory);
            AtomicFiles.write(directory.resolve(name), content);
        } catch (IOException | UnsupportedOperationException e) {
            // a tree we may not write to is judged without the cache
        }
    }

    private static Path entry(Path outputDirectory, String host, String key) {
        return outputDirectory.resolve(DIRECTORY).resolve(host + "." + key);
    }

    /** The host name with glob characters escaped. */
    private static String glob(String host) {
        return host.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }
}
