package dev.kvmrunner.report;

import dev.kvmrunner.domain.ExternalCommand;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The run header of the HTML report: what ran where and how. {@code results} knows less than
 * {@code run} (a RESULT file does not record the backend or the prefixes): unknown is empty.
 *
 * @param suites      the suites' directories as shown
 * @param backend     the backend, when known
 * @param prefixes    the domain group prefixes, when known
 * @param workers     the boot pool size, when known
 * @param accelerator the accelerator the backend used (qemu: "accel: tcg (auto)"), else whether /dev/kvm is usable
 *                    on this machine
 * @param backendSettings what the backend says it used, one "key: value" line each; empty when unknown
 * @param wallTime    the run's wall-clock time, when known
 * @param revision    the suites' git revisions ("unknown" when not in git or git is missing)
 * @param machine     host name, cores, memory and kernel of this machine
 */
public record RunInfo(
        List<String> suites,
        Optional<String> backend,
        List<String> prefixes,
        Optional<Integer> workers,
        String accelerator,
        Optional<Duration> wallTime,
        String revision,
        String machine,
        List<String> backendSettings) {

    public RunInfo {
        suites = List.copyOf(suites);
        prefixes = List.copyOf(prefixes);
        backendSettings = List.copyOf(backendSettings);
    }

    /** What the entries tell: suites, and this machine; no backend, prefixes or wall time. */
    public static RunInfo of(List<ReportEntry> entries) {
        return new RunInfo(
                suites(entries),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                thisMachinesAccelerator(),
                Optional.empty(),
                revision(suiteDirectories(entries)),
                thisMachine(),
                List.of());
    }

    /** A run's header: the plan's backend, prefixes and workers, what the backend used, and the wall time. */
    public static RunInfo ofRun(
            List<ReportEntry> entries,
            String backend,
            List<String> prefixes,
            int workers,
            Duration wallTime,
            List<String> backendSettings) {
        String accelerator = backendSettings.stream()
                .filter(line -> line.startsWith("accel: "))
                .map(line -> line.substring("accel: ".length()) + "; " + thisMachinesAccelerator())
                .findFirst()
                // a backend that names no accelerator (process, netns) may run no VM at all:
                // "kvm" alone would read as if its tests had used it
                .orElse("none named by the " + backend + " backend; this machine: " + thisMachinesAccelerator());
        return new RunInfo(
                suites(entries),
                Optional.of(backend),
                prefixes,
                Optional.of(workers),
                accelerator,
                Optional.of(wallTime),
                revision(suiteDirectories(entries)),
                thisMachine(),
                backendSettings);
    }

    private static List<String> suites(List<ReportEntry> entries) {
        Set<String> suites = new LinkedHashSet<>();
        entries.forEach(e -> suites.add(e.suite()));
        return List.copyOf(suites);
    }

    private static List<Path> suiteDirectories(List<ReportEntry> entries) {
        Set<Path> directories = new LinkedHashSet<>();
        for (ReportEntry entry : entries) {
            // the suite's, not --output-dir's: OUTPUT may be outside the suite
            directories.add(entry.suiteDirectory());
        }
        return List.copyOf(directories);
    }

    static String thisMachinesAccelerator() {
        Path kvm = Path.of("/dev/kvm");
        return Files.isReadable(kvm) && Files.isWritable(kvm)
                ? "kvm (/dev/kvm usable)"
                : "none (no usable /dev/kvm: TCG)";
    }

    /** `git rev-parse --short HEAD` of each suite directory, joined; "unknown" where git cannot tell. */
    static String revision(List<Path> directories) {
        Set<String> revisions = new LinkedHashSet<>();
        for (Path directory : directories) {
            revisions.add(gitRevision(directory).orElse("unknown"));
        }
        return revisions.isEmpty() ? "unknown" : String.join(", ", revisions);
    }

    private static Optional<String> gitRevision(Path directory) {
        try {
            ExternalCommand.Outcome git = ExternalCommand.run(
                    List.of("git", "-C", directory.toString(), "rev-parse", "--short", "HEAD"),
                    null,
                    Map.of(),
                    null,
                    true,
                    Timeouts.DEFAULTS.localCommand());
            String out = git.stdout().trim();
            return git.ok() && out.matches("[0-9a-f]{4,40}") ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no git on this machine, or it did not answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static String thisMachine() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        List<String> parts = new ArrayList<>();
        parts.add(host);
        parts.add(Runtime.getRuntime().availableProcessors() + " cores");
        memory().ifPresent(parts::add);
        parts.add(System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return String.join(", ", parts);
    }

    private static Optional<String> memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return Optional.of(String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: leave it out
        }
        return Optional.empty();
    }
}
