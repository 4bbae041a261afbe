package dev.kvmrunner.domain.qemu;

import dev.kvmrunner.config.Topology;
import dev.kvmrunner.console.Console;
import dev.kvmrunner.console.ConsoleException;
import dev.kvmrunner.domain.BootAndLogin;
import dev.kvmrunner.domain.BootException;
import dev.kvmrunner.domain.BootOutcome;
import dev.kvmrunner.domain.DomainName;
import dev.kvmrunner.domain.FileTrees;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures, on this machine, what a reset costs: boot-and-login vs restoring the logged-in
 * snapshot (to a synchronised prompt, the point where the runner starts a test), and how
 * boot time grows with concurrent boots (booting is CPU-bound).
 */
public final class BootBench {

    private final QemuOptions options;
    private final PrintStream out;

    public BootBench(QemuOptions options, PrintStream out) {
        this.options = options.withReset(QemuOptions.Reset.SNAPSHOT).withKernelArguments(Map.of());
        this.out = out;
    }

    /** Runs ROUNDS boots and resets of one domain, then CONCURRENCY boots at once for each level. */
    public void run(int rounds, List<Integer> concurrency)
            throws IOException, InterruptedException, BootException, ConsoleException {
        Path work = Files.createTempDirectory("kvmrunner-bench-");
        String runId = "bench-" + ProcessHandle.current().pid();
        try (QemuBackend backend = new QemuBackend(options.withTopology(Topology.NONE), runId)) {
            backend.image();
            out.println("accelerator: " + backend.accel().name().toLowerCase(java.util.Locale.ROOT) + ", memory "
                    + options.memory());
            double[] boots = new double[rounds];
            double[] resets = new double[rounds];
            try (QemuDomain domain = (QemuDomain) backend.domain(new DomainName("", "bench"), work.resolve("bench"))) {
                for (int i = 0; i < rounds; i++) {
                    domain.deleteSnapshotForBench();
                    long t0 = System.nanoTime();
                    Console console = bootAndLogin(domain);
                    boots[i] = seconds(t0);
                    long s0 = System.nanoTime();
                    domain.afterLogin(console, Timeouts.DEFAULTS.imageBoot()); // saves the snapshot
                    double save = seconds(s0);
                    console.close();
                    t0 = System.nanoTime();
                    console = bootAndLogin(domain); // restores
                    resets[i] = seconds(t0);
                    console.close();
                    out.printf(
                            "round %d: boot-and-login %.2f s, save %.2f s, snapshot reset %.2f s%n",
                            i + 1, boots[i], save, resets[i]);
                }
            }
            double boot = dev.kvmrunner.load.Median.of(boots);
            double reset = dev.kvmrunner.load.Median.of(resets);
            out.printf(
                    "boot-and-login %.2f s, snapshot reset %.2f s (medians of %d): ratio %.3f (reset/boot)%n",
                    boot, reset, rounds, reset / boot);
            int cores = Runtime.getRuntime().availableProcessors();
            double cpuPerBoot = 0;
            for (int n : concurrency) {
                double wall = concurrent(backend, work, n);
                out.printf("%d concurrent boot-and-login: %.2f s%n", n, wall);
                if (n >= cores) {
                    // with at least a boot per core every core is busy: the CPU-seconds one boot costs
                    double cost = wall * cores / n;
                    cpuPerBoot = cpuPerBoot == 0 ? cost : Math.min(cpuPerBoot, cost);
                }
            }
            if (cpuPerBoot > 0) {
                out.printf(
                        "one boot costs %.2f CPU-seconds (%.2f of a core while it boots)%n",
                        cpuPerBoot, Math.min(1, cpuPerBoot / boot));
            }
            record(backend.accel(), boot, reset, cpuPerBoot, cores);
        } finally {
            FileTrees.deleteRecursively(work);
        }
    }

    /** What the runner's --workers auto, the lower bound and recommend start from on this machine. */
    private void record(QemuOptions.Accel accel, double boot, double reset, double cpuPerBoot, int cores) {
        dev.kvmrunner.admission.MachineRecord machine = dev.kvmrunner.admission.MachineRecord.standard();
        String prefix = (QemuBackend.NAME + "/" + accel.name() + "/").toLowerCase(java.util.Locale.ROOT);
        machine.update(prefix + "snapshot", old -> old.withBootCosts(boot, reset, cpuPerBoot, cores))
                .ifPresent(out::println);
        machine.update(prefix + "boot", old -> old.withBootCosts(boot, boot, cpuPerBoot, cores))
                .ifPresent(out::println);
        out.println("recorded in " + machine.file());
    }

    private double concurrent(QemuBackend backend, Path work, int n) throws InterruptedException, IOException {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<QemuDomain> domains = new ArrayList<>();
        try {
            List<Future<Console>> boots = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                QemuDomain domain = (QemuDomain)
                        backend.domain(new DomainName("", "c" + n + "x" + i), work.resolve("c" + n + "x" + i));
                domains.add(domain);
                boots.add(pool.submit(() -> bootAndLogin(domain)));
            }
            for (Future<Console> boot : boots) {
                try {
                    boot.get().close();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException(
                            "a concurrent boot failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
            return seconds(t0);
        } finally {
            pool.shutdownNow();
            domains.forEach(QemuDomain::close);
        }
    }

    /**
     * What the runner does before a test: boot (or restore), log in when asked, synchronise; the
     * after-login hook (the snapshot save) is left out, the bench times it apart.
     */
    private static Console bootAndLogin(QemuDomain domain) throws BootException, InterruptedException {
        BootOutcome outcome = BootAndLogin.within(Timeouts.DEFAULTS.imageBoot()).bootToPrompt(domain);
        if (outcome instanceof BootOutcome.BootFailed failed) {
            throw new BootException(failed.describe());
        }
        return ((BootOutcome.Ready) outcome).console();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
