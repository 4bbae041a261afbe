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

    @Test
    void aDirectoryOfManyFilesTakesAFewConsoleCommandsNotSomePerFile() throws Exception {
        Path test = Files.createDirectories(work.resolve("suite/many"));
        for (int i = 0; i < 40; i++) {
            Files.writeString(test.resolve("host" + i + "init.sh"), "echo " + i + "\n");
        }
        Path remote = work.resolve("guest/many");
        Path transcript = work.resolve("east.console.txt");

        Domain domain = new ProcessBackend("test-" + UUID.randomUUID())
                .domain(new DomainName("", "east"), work.resolve("east"));
        try (Console console = Console.transcribed("east", domain.boot(TIMEOUT), transcript)) {
            console.sync("east", TIMEOUT);
            int before = Files.readAllLines(transcript).size();
            DirectoryUpload.copy(console, test, remote.toString(), TIMEOUT);
            console.run("true", TIMEOUT);
            // a few printf lines of the script, one that decodes and runs it, and the `true`: fewer
            // than one per four files (a copy file by file took three commands per file)
            assertThat(Files.readAllLines(transcript).size() - before).isLessThan(40 / 4);
        } finally {
            domain.close();
        }
        for (int i = 0; i < 40; i++) {
            assertThat(remote.resolve("host" + i + "init.sh")).hasContent("echo " + i);
        }
    }

    @Test
    void aCopyThatCannotBeMadeFailsNamingTheDomain() throws Exception {
        Path test = Files.createDirectories(work.resolve("suite/one"));
        Files.writeString(test.resolve("eastinit.sh"), "echo one\n");
        Path blocked = Files.writeString(work.resolve("not-a-directory"), "a file");

        Domain domain = new ProcessBackend("test-" + UUID.randomUUID())
                .domain(new DomainName("", "east"), work.resolve("east"));
        try (Console console = new Console("east", domain.boot(TIMEOUT))) {
            console.sync("east", TIMEOUT);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DirectoryUpload.copy(
                            console, test, blocked.resolve("copy").toString(), TIMEOUT))
                    .hasMessageContaining("copying files into east failed");
        } finally {
            domain.close();
        }
    }
}
