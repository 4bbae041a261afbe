package dev.kvmrunner.domain.libvirt;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import dev.kvmrunner.console.ConsoleStream;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.ProcessTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The serial console of a domain on a libvirt host that is not this machine: {@code virsh -c
 * URI console --force DOMAIN} under a pty (virsh needs a terminal), which carries the console
 * over the connection itself (ssh), so no socket or agent of ours is needed there. The stream
 * starts after virsh's banner: what follows is the guest's. Closing ends virsh, not the domain.
 */
final class VirshConsole implements ConsoleStream {
    /** The last line of virsh's banner; after its line end come the guest's bytes. */
    private static final String BANNER_END = "Escape character is";

    private final PtyProcess process;

    private VirshConsole(PtyProcess process) {
        this.process = process;
    }

    /**
     * Joins the console of domain NAME on VIRSH's host, taking it from any other client
     * (--force), within TIMEOUT. The process carries the run's markers, so a runner killed
     * with SIGKILL leaves no virsh behind ({@link dev.kvmrunner.domain.Leftovers}).
     */
    static VirshConsole connect(Virsh virsh, DomainName name, String runId, Duration timeout)
            throws IOException, InterruptedException {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(ProcessTree.markers(runId, name.toString()));
        environment.put("TERM", "dumb");
        PtyProcess process = new PtyProcessBuilder(
                        new String[] {"virsh", "-c", virsh.uri(), "console", "--force", name.toString()})
                .setEnvironment(environment)
                .setInitialColumns(200)
                .setInitialRows(50)
                .start();
        CompletableFuture<String> banner = CompletableFuture.supplyAsync(() -> readBanner(process.getInputStream()));
        try {
            String said = banner.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!said.contains(BANNER_END)) {
                throw new IOException("virsh -c " + virsh.uri() + " console " + name + ": "
                        + said.strip().replace('\n', ' '));
            }
            return new VirshConsole(process);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("virsh -c " + virsh.uri() + " console " + name + ": not connected within "
                    + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new IOException("virsh -c " + virsh.uri() + " console " + name + ": " + e.getCause(), e.getCause());
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Reads up to the end of the banner's last line, byte by byte (nothing of the guest's is taken), or to EOF. */
    private static String readBanner(InputStream in) {
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                said.write(b);
                if (b == '\n' && said.toString(StandardCharsets.UTF_8).contains(BANNER_END)) {
                    break;
                }
            }
        } catch (IOException e) {
            // virsh ended: what it said is the reason
        }
        return said.toString(StandardCharsets.UTF_8);
    }

    @Override
    public InputStream input() {
        return process.getInputStream();
    }

    @Override
    public OutputStream output() {
        return process.getOutputStream();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
