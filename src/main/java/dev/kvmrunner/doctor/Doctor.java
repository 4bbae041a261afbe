package dev.kvmrunner.doctor;

import dev.kvmrunner.domain.Prerequisite;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Tests prerequisites on this machine and prints what is missing with the command that installs it. */
public final class Doctor {
    private final Predicate<String> programFound;
    private final boolean root;
    private final Predicate<String> fileFound;

    /**
     * @param programFound tells whether a program is on the search path
     * @param root         whether the runner is root
     * @param fileFound    tells whether a file exists
     */
    public Doctor(Predicate<String> programFound, boolean root, Predicate<String> fileFound) {
        this.programFound = programFound;
        this.root = root;
        this.fileFound = fileFound;
    }

    /** The doctor of this machine: PATH (plus the sbin directories root has), uid and file system. */
    public static Doctor ofThisMachine(Map<String, String> environment, boolean root) {
        List<String> directories = new ArrayList<>(
                List.of(environment.getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)));
        directories.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin"));
        return new Doctor(
                program -> directories.stream().anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program))),
                root,
                path -> Files.exists(Path.of(path)));
    }

    /** One tested prerequisite. */
    public record Finding(Prerequisite prerequisite, boolean present) {}

    public boolean present(Prerequisite.Probe probe) {
        if (probe instanceof Prerequisite.Program p) {
            return programFound.test(p.program());
        }
        if (probe instanceof Prerequisite.Root) {
            return root;
        }
        return fileFound.test(((Prerequisite.FileExists) probe).path());
    }

    /** Tests every prerequisite of BACKENDS, in the table's order. */
    public List<Finding> examine(List<Prerequisite> table, Set<String> backends) {
        List<Finding> findings = new ArrayList<>();
        for (Prerequisite prerequisite : table) {
            if (backends.contains(prerequisite.backend())) {
                findings.add(new Finding(prerequisite, present(prerequisite.probe())));
            }
        }
        return findings;
    }

    /** The Debian packages that provide what FINDINGS lack, each once, in the table's order. */
    public static List<String> missingPackages(List<Finding> findings) {
        Set<String> packages = new LinkedHashSet<>();
        findings.stream()
                .filter(f -> !f.present())
                .forEach(f -> f.prerequisite().debianPackage().ifPresent(packages::add));
        return List.copyOf(packages);
    }

    /**
     * Prints FINDINGS grouped by backend, then the install commands of what is missing.
     * Returns the backends that lack a required prerequisite.
     */
    public static Set<String> report(List<Finding> findings, PrintWriter out) {
        Set<String> broken = new LinkedHashSet<>();
        Set<String> fixes = new LinkedHashSet<>();
        String backend = null;
        for (Finding finding : findings) {
            Prerequisite p = finding.prerequisite();
            if (!p.backend().equals(backend)) {
                backend = p.backend();
                out.println(backend + ":");
            }
            String state = finding.present() ? "ok" : p.required() ? "MISSING" : "missing (optional)";
            out.printf("  %-20s %-36s%s%n", state, p.name(), finding.present() ? "" : "  fix: " + p.fix());
            if (!finding.present()) {
                fixes.add(p.fix());
                if (p.required()) {
                    broken.add(p.backend());
                }
            }
        }
        out.println();
        Set<String> ready = new LinkedHashSet<>();
        findings.forEach(f -> ready.add(f.prerequisite().backend()));
        ready.removeAll(broken);
        out.println("ready: " + (ready.isEmpty() ? "none" : String.join(", ", ready))
                + (broken.isEmpty() ? "" : "; not ready: " + String.join(", ", broken)));
        if (!fixes.isEmpty()) {
            out.println("to install what is missing:");
            fixes.forEach(fix -> out.println("  " + fix));
        }
        out.flush();
        return broken;
    }
}
