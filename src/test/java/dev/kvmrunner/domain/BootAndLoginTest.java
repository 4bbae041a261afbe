package dev.kvmrunner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.console.Console;
import dev.kvmrunner.console.ConsoleException;
import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.console.Credentials;
import dev.kvmrunner.domain.fake.FakeBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outcomes of boot-and-login, on the fake backend: ready, boot failed, login never comes, hook fails. */
class BootAndLoginTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final DomainName EAST = new DomainName("a.", "east");

    @TempDir
    Path tmp;

    private final List<Console> watched = new CopyOnWriteArrayList<>();
    private final List<Domain> domains = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        watched.forEach(Console::close);
        domains.forEach(Domain::close);
    }

    private Hooked domain(FakeBackend backend) {
        Hooked domain = new Hooked(backend.domain(EAST, tmp.resolve("work")));
        domains.add(domain);
        return domain;
    }

    private BootAndLogin forTest(Path testDirectory, Duration timeout) {
        return BootAndLogin.within(timeout)
                .transcribedTo(tmp.resolve("east.console.boot.txt"))
                .enteringTestDirectory(testDirectory, TIMEOUT)
                .watchedBy(watched::add);
    }

    private Path testDirectory() throws Exception {
        Path test = Files.createDirectories(tmp.resolve("suite/basic-01"));
        Files.writeString(test.resolve("eastinit.sh"), "echo hello\n");
        return test;
    }

    private String bootTranscript() throws Exception {
        return Files.readString(tmp.resolve("east.console.boot.txt"), StandardCharsets.UTF_8);
    }

    @Test
    void aReadyDomainIsLoggedInHookedAndInItsCopiedTestDirectory() throws Exception {
        Hooked domain = domain(new FakeBackend().login("east"));
        BootOutcome outcome = forTest(testDirectory(), TIMEOUT).boot(domain);

        assertThat(outcome).isInstanceOf(BootOutcome.Ready.class);
        Console console = ((BootOutcome.Ready) outcome).console();
        assertThat(watched).containsExactly(console);
        assertThat(console.execute("echo ready", TIMEOUT).output()).isEqualTo("ready\n");
        assertThat(domain.calls).containsExactly("after-login", "guest directory of basic-01");
        String transcript = bootTranscript();
        // in this order: the login, the hook's command, the copy, and the cd into the copy
        assertThat(transcript)
                .containsSubsequence(
                        "fake login: ", "Password: ", "echo after-login", "base64 -d", "cd '/testing/suite/basic-01'");
    }

    @Test
    void aDomainThatDoesNotBootIsBootFailedWithoutAConsole() throws Exception {
        Hooked domain = domain(new FakeBackend().failBoot("east"));
        BootOutcome outcome = forTest(testDirectory(), TIMEOUT).boot(domain);

        assertThat(outcome).isEqualTo(new BootOutcome.BootFailed("a.east refuses to boot (fake)", Optional.empty()));
        assertThat(((BootOutcome.BootFailed) outcome).describe()).isEqualTo("a.east refuses to boot (fake)");
        assertThat(watched).isEmpty();
        assertThat(domain.calls).isEmpty();
    }

    @Test
    void aLoginPromptThatNeverComesIsBootFailedWithTheConsoleTail() throws Exception {
        Hooked domain = domain(
                new FakeBackend().login("east").stuck("east", "Loading initrd\nKernel panic - not syncing: VFS\n"));
        BootOutcome outcome = forTest(testDirectory(), Duration.ofMillis(300)).boot(domain);

        assertThat(outcome).isInstanceOf(BootOutcome.BootFailed.class);
        BootOutcome.BootFailed failed = (BootOutcome.BootFailed) outcome;
        assertThat(failed.reason()).startsWith("a.east: ").contains("the login prompt");
        assertThat(failed.consoleTail())
                .hasValueSatisfying(tail -> assertThat(tail).contains("Kernel panic - not syncing: VFS"));
        assertThat(failed.describe()).contains("; console showed: ").endsWith("Kernel panic - not syncing: VFS\n");
        assertThat(domain.calls).isEmpty();
        assertThat(bootTranscript()).contains("Kernel panic - not syncing: VFS");
    }

    @Test
    void aFailingAfterLoginHookIsBootFailed() throws Exception {
        Hooked domain = domain(new FakeBackend());
        domain.hookFails = true;
        BootOutcome outcome = forTest(testDirectory(), TIMEOUT).boot(domain);

        assertThat(outcome)
                .isEqualTo(new BootOutcome.BootFailed("a.east: cannot mount /shared (fake)", Optional.empty()));
        assertThat(domain.calls).containsExactly("after-login");
    }

    @Test
    void bootToPromptLogsInWithoutTheHookOrATestDirectory() throws Exception {
        Hooked domain = domain(new FakeBackend().login("east"));
        BootOutcome outcome = forTest(testDirectory(), TIMEOUT).bootToPrompt(domain);

        assertThat(outcome).isInstanceOf(BootOutcome.Ready.class);
        assertThat(((BootOutcome.Ready) outcome)
                        .console()
                        .execute("echo up", TIMEOUT)
                        .output())
                .isEqualTo("up\n");
        assertThat(domain.calls).isEmpty();
        assertThat(bootTranscript()).contains("Password: ").doesNotContain("cd '");
    }

    @Test
    void joinSynchronisesOnARunningDomainAndFailsOnASilentOne() throws Exception {
        Domain running = new FakeBackend().domain(EAST, tmp.resolve("running"));
        domains.add(running);
        ConsoleStream stream = running.boot(TIMEOUT);
        BootOutcome joined =
                BootAndLogin.within(TIMEOUT).watchedBy(watched::add).join(EAST, stream);
        assertThat(joined).isInstanceOf(BootOutcome.Ready.class);
        assertThat(((BootOutcome.Ready) joined)
                        .console()
                        .execute("echo joined", TIMEOUT)
                        .output())
                .isEqualTo("joined\n");

        Domain silent = new FakeBackend().silent("east").domain(EAST, tmp.resolve("silent"));
        domains.add(silent);
        BootOutcome notJoined = BootAndLogin.within(Duration.ofMillis(200)).join(EAST, silent.boot(TIMEOUT));
        assertThat(notJoined).isInstanceOf(BootOutcome.BootFailed.class);
        assertThat(((BootOutcome.BootFailed) notJoined).describe())
                .startsWith("a.east: ")
                .endsWith("; console showed: <nothing>");
    }

    /** A fake domain with the optional abilities of a VM: an after-login hook, and no view of the runner's files. */
    private static final class Hooked implements Domain, AfterLogin, CopiesTestDirectory {
        private final Domain fake;
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile boolean hookFails;

        Hooked(Domain fake) {
            this.fake = fake;
        }

        @Override
        public void afterLogin(Console console, Duration timeout)
                throws BootException, ConsoleException, InterruptedException {
            calls.add("after-login");
            if (hookFails) {
                throw new BootException(name() + ": cannot mount /shared (fake)");
            }
            console.run("echo after-login", timeout);
        }

        @Override
        public String guestDirectoryFor(Path testDirectory) {
            calls.add("guest directory of " + testDirectory.getFileName());
            return "/testing/" + testDirectory.getParent().getFileName() + "/" + testDirectory.getFileName();
        }

        @Override
        public Optional<AfterLogin> afterLoginHook() {
            return Optional.of(this);
        }

        @Override
        public Optional<CopiesTestDirectory> testDirectoryCopy() {
            return Optional.of(this);
        }

        @Override
        public DomainName name() {
            return fake.name();
        }

        @Override
        public ConsoleStream boot(Duration timeout) throws BootException, InterruptedException {
            return fake.boot(timeout);
        }

        @Override
        public Optional<Credentials> credentials() {
            return fake.credentials();
        }

        @Override
        public void shutdown(Duration timeout) throws InterruptedException {
            fake.shutdown(timeout);
        }

        @Override
        public boolean isRunning() {
            return fake.isRunning();
        }

        @Override
        public void close() {
            fake.close();
        }
    }
}
