package dev.kvmrunner.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.domain.Domain;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.process.ProcessBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory copied through a real shell's console arrives byte for byte, without OUTPUT. */
class DirectoryUploadTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path work;

    @Test
    void copiesFilesSubdirectoriesAndTheExecutableBitButNotOutput() throws Exception {
        Path test = Files.createDirectories(work.resolve("suite/quoted 'test'"));
        Files.writeString(test.resolve("eastinit.sh"), "echo it's here\n");
        byte[] binary = new byte[10_000];
        new Random(7).nextBytes(binary);
        Files.write(Files.createDirectories(test.resolve("certs")).resolve("key.der"), binary);
        Files.setPosixFilePermissions(
                Files.writeString(test.resolve("tool.sh"), "#!/bin/sh\necho tool\n"),
                PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(Files.createDirectories(test.resolve("OUTPUT")).resolve("RESULT"), "{}");
        Path remote = work.resolve("guest/testing/suite/copy");

        Domain domain = new ProcessBackend("test-" + UUID.randomUUID())
                .domain(new DomainName("", "east"), work.resolve("east"));
        try (Console console = new Console("east", domain.boot(TIMEOUT))) {
            console.sync("east", TIMEOUT);
            DirectoryUpload.copy(console, test, remote.toString(), TIMEOUT);
            assertThat(console.execute("./tool.sh", TIMEOUT).status()).isNotZero(); // not in the copy's directory yet
            console.run("cd " + ShellQuote.quote(remote.toString()), TIMEOUT);
            assertThat(console.execute("./tool.sh", TIMEOUT).output()).isEqualTo("tool\n");
        } finally {
            domain.close();
        }
        assertThat(remote.resolve("eastinit.sh")).hasSameTextualContentAs(test.resolve("eastinit.sh"));
        assertThat(Files.readAllBytes(remote.resolve("certs/key.der"))).isEqualTo(binary);
        assertThat(remote.resolve("OUTPUT")).doesNotExist();
    }
}
