package dev.kvmrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.testing.RequiresTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/libreswan-keys.sh's decision (docs/libreswan.md): it runs the checkout's
 * testing/x509/dist_certs.py when the keys are missing, older than the generator or more than 7
 * days old (libreswan's kvm-keys-ok limit), skips it
 * with a message when they are up to date, and leaves the tree as it was when the generator
 * fails. The generator here is a stand-in that, like libreswan's, writes beside itself and
 * counts its runs.
 */
@RequiresTools({"bash"})
class LibreswanKeysScriptTest {
    private static final Path SCRIPT = Path.of("tools", "libreswan-keys.sh").toAbsolutePath();

    @TempDir
    Path checkout;

    private Path x509;
    private Path runs;

    @BeforeEach
    void aCheckoutWithAGenerator() throws IOException {
        x509 = Files.createDirectories(checkout.resolve("testing/x509"));
        runs = checkout.resolve("runs");
        generator("mkdir keys certs; echo key > keys/east.key; echo cert > certs/east.crt; echo foobar > nss-pw");
        Files.writeString(x509.resolve("openssl.cnf"), "# stand-in\n");
    }

    private void generator(String body) throws IOException {
        Path generator = x509.resolve("dist_certs.py");
        Files.writeString(
                generator,
                "#!/bin/sh\nset -e\ncd \"$(dirname \"$0\")\"\necho run >> '" + runs + "'\n" + body + "\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(generator, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Result(int exit, String output) {}

    private Result keys() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of("bash", SCRIPT.toString(), checkout.toString()))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
        return new Result(process.exitValue(), output);
    }

    private long generatorRuns() throws IOException {
        return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
    }

    @Test
    void missingKeysAreMadeIntoTheCheckoutThenKeptWhileUpToDate() throws Exception {
        Result first = keys();
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).contains("test keys missing").contains("running testing/x509/dist_certs.py");
        assertThat(generatorRuns()).isEqualTo(1);
        assertThat(x509.resolve("certs/east.crt")).hasContent("cert");
        assertThat(x509.resolve("nss-pw")).hasContent("foobar");
        assertThat(x509.resolve("keys/up-to-date")).exists();

        Result second = keys();
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(second.output()).contains("up to date").contains("not made again");
        assertThat(generatorRuns()).isEqualTo(1);
    }

    @Test
    void keysOlderThanTheGeneratorAreMadeAgain() throws Exception {
        assertThat(keys().exit()).isZero();
        Files.setLastModifiedTime(
                x509.resolve("keys/up-to-date"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.writeString(x509.resolve("certs/stale.crt"), "from the old run");

        Result again = keys();
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("older than dist_certs.py");
        assertThat(generatorRuns()).isEqualTo(2);
        assertThat(x509.resolve("certs/stale.crt"))
                .as("the old certs/ is replaced")
                .doesNotExist();
        assertThat(x509.resolve("certs/east.crt")).exists();
    }

    @Test
    void keysMoreThanSevenDaysOldAreMadeAgainAsKvmKeysOkAsks() throws Exception {
        assertThat(keys().exit()).isZero();
        Instant now = Instant.now();
        for (String generatorFile : List.of("dist_certs.py", "openssl.cnf")) {
            Files.setLastModifiedTime(x509.resolve(generatorFile), FileTime.from(now.minus(Duration.ofDays(30))));
        }
        Files.setLastModifiedTime(x509.resolve("keys/up-to-date"), FileTime.from(now.minus(Duration.ofDays(6))));
        Result sixDays = keys();
        assertThat(sixDays.output()).as("6 days old is still up to date").contains("not made again");

        Files.setLastModifiedTime(x509.resolve("keys/up-to-date"), FileTime.from(now.minus(Duration.ofDays(9))));
        Result nineDays = keys();
        assertThat(nineDays.exit()).as(nineDays.output()).isZero();
        assertThat(nineDays.output()).contains("more than 7 days old");
        assertThat(generatorRuns()).isEqualTo(2);
    }

    @Test
    void aFailingGeneratorLeavesTheTreeAsItWas() throws Exception {
        generator("mkdir keys certs; echo half > certs/east.crt; echo 'no module named OpenSSL' >&2; exit 1");

        Result failed = keys();
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.output()).contains("no module named OpenSSL").contains("dist_certs.py failed");
        assertThat(x509.resolve("certs")).doesNotExist();
        assertThat(x509.resolve("keys/up-to-date")).doesNotExist();
    }
}
