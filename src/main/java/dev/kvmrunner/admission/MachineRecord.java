package dev.kvmrunner.admission;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.kvmrunner.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What earlier runs and {@code bench boot} learned about this machine, per backend: the
 * unloaded time of a first boot and of a re-boot (or snapshot reset), the CPU-seconds one boot
 * costs, and the limits {@code auto} settled on. {@code --workers auto} starts from it instead
 * of a calibration run; {@code recommend} and the lower bound read it.
 *
 * <p>Kept in {@code machine.json} in the state directory ({@link dev.kvmrunner.config.StateDirectory}).
 */
public final class MachineRecord {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /**
     * @param firstBoot   unloaded seconds from starting a domain to its logged-in prompt; 0 when unknown
     * @param again       the same for a reboot or a snapshot reset; 0 when unknown
     * @param cpuPerBoot  CPU-seconds one boot-and-login costs (bench boot); 0 when unknown
     * @param boots       the boot limit {@code auto} ended a run with; 0 when none
     * @param groups      the active groups {@code auto} ended a run with; 0 when none
     * @param cores       the cores the machine had when this was recorded
     * @param aloneFirst  the recent first boots that ran alone in runs, oldest first (seconds)
     * @param aloneAgain  the same for reboots and snapshot resets
     */
    public record Entry(
            double firstBoot,
            double again,
            double cpuPerBoot,
            int boots,
            int groups,
            int cores,
            List<Double> aloneFirst,
            List<Double> aloneAgain) {
        public static final Entry NONE = new Entry(0, 0, 0, 0, 0, 0);

        public Entry {
            aloneFirst = aloneFirst == null ? List.of() : List.copyOf(aloneFirst);
            aloneAgain = aloneAgain == null ? List.of() : List.copyOf(aloneAgain);
        }

        /** An entry without lone boots (bench boot's, or one made by hand). */
        public Entry(double firstBoot, double again, double cpuPerBoot, int boots, int groups, int cores) {
            this(firstBoot, again, cpuPerBoot, boots, groups, cores, List.of(), List.of());
        }

        /**
         * This entry with the boot costs {@code bench boot} measured; what runs learned (limits, lone
         * boots) stays, and bench boot's times join the lone boots as one more each: the only place
         * they are counted as samples (the unloaded times a run writes back are its lone boots'
         * quartile, and counting those again would weigh every run twice).
         */
        public Entry withBootCosts(double firstBoot, double again, double cpuPerBoot, int cores) {
            return new Entry(
                    firstBoot,
                    again,
                    cpuPerBoot,
                    boots,
                    groups,
                    cores,
                    withSample(aloneFirst, firstBoot),
                    withSample(aloneAgain, again));
        }

        private static List<Double> withSample(List<Double> kept, double seconds) {
            if (!(seconds > 0)) {
                return kept;
            }
            List<Double> more = new java.util.ArrayList<>(kept);
            more.add(seconds);
            return more.subList(Math.max(0, more.size() - UnloadedTimes.KEPT), more.size());
        }

        /** The lone boots recorded, for {@link AdmissionController.Settings#alone()}. */
        public Map<BootSample.Kind, List<Double>> alone() {
            Map<BootSample.Kind, List<Double>> alone = new java.util.EnumMap<>(BootSample.Kind.class);
            if (!aloneFirst.isEmpty()) {
                alone.put(BootSample.Kind.FIRST, aloneFirst);
            }
            if (!aloneAgain.isEmpty()) {
                alone.put(BootSample.Kind.AGAIN, aloneAgain);
            }
            return alone;
        }

        /** The unloaded times that are known, for {@link AdmissionController.Settings#unloaded()}. */
        public Map<BootSample.Kind, Double> unloaded() {
            Map<BootSample.Kind, Double> known = new java.util.EnumMap<>(BootSample.Kind.class);
            if (firstBoot > 0) {
                known.put(BootSample.Kind.FIRST, firstBoot);
            }
            if (again > 0) {
                known.put(BootSample.Kind.AGAIN, again);
            }
            return known;
        }
    }

    /**
     * The file's content.
     *
     * @param backends    each backend's boot costs and where auto settled
     * @param scriptLoads each backend's tests → the cores their guests kept busy while their
     *                    scripts ran (see {@link #updateScriptLoads}; only backends that measure guest CPU)
     */
    public record Content(Map<String, Entry> backends, Map<String, Map<String, Double>> scriptLoads) {
        public Content {
            backends = new TreeMap<>(backends == null ? Map.of() : backends);
            scriptLoads = new TreeMap<>(scriptLoads == null ? Map.of() : scriptLoads); // records from before
        }
    }

    private final Path file;

    public MachineRecord(Path file) {
        this.file = file;
    }

    public static MachineRecord standard() {
        return new MachineRecord(
                dev.kvmrunner.config.StateDirectory.of(System.getenv()).resolve("machine.json"));
    }

    public Path file() {
        return file;
    }

    /** The entry of BACKEND; {@link Entry#NONE} when nothing was recorded (or the file is unreadable). */
    public Entry read(String backend) {
        return readAll().backends().getOrDefault(backend, Entry.NONE);
    }

    /**
     * The entry of BACKEND, or of the first recorded key that starts with it and a slash
     * ({@code qemu/tcg/boot} for {@code qemu}): what a boot of that backend costs.
     */
    public Entry readFirst(String backend) {
        return first(readAll().backends(), backend, entry -> entry.firstBoot() > 0)
                .orElse(Entry.NONE);
    }

    /**
     * BY_KEY's value for BACKEND, or the first USABLE one of a key that starts with it and a slash
     * ({@code qemu/tcg/boot} for {@code qemu}).
     */
    private static <T> java.util.Optional<T> first(
            Map<String, T> byKey, String backend, java.util.function.Predicate<T> usable) {
        T exact = byKey.get(backend);
        if (exact != null) {
            return java.util.Optional.of(exact);
        }
        return byKey.entrySet().stream()
                .filter(e -> e.getKey().startsWith(backend + "/"))
                .map(Map.Entry::getValue)
                .filter(usable)
                .findFirst();
    }

    /** The recorded key whose first boot costs most (the machines a boot pool is sized for), with its entry. */
    public Optional<Map.Entry<String, Entry>> costliest() {
        return readAll().backends().entrySet().stream()
                .filter(e -> e.getValue().firstBoot() > 0)
                .max(java.util.Comparator.comparingDouble(e -> e.getValue().firstBoot()));
    }

    private Content readAll() {
        if (!Files.isRegularFile(file)) {
            return new Content(Map.of(), Map.of());
        }
        try {
            return JSON.readValue(file.toFile(), Content.class);
        } catch (IOException | RuntimeException e) {
            return new Content(Map.of(), Map.of()); // a broken record is only a lost hint
        }
    }

    /** Replaces BACKEND's entry with what UPDATE makes of it; a failure to write is returned, not thrown. */
    public synchronized Optional<String> update(String backend, java.util.function.UnaryOperator<Entry> update) {
        Content all = readAll();
        Map<String, Entry> entries = new TreeMap<>(all.backends());
        entries.put(backend, update.apply(entries.getOrDefault(backend, Entry.NONE)));
        return write(new Content(entries, all.scriptLoads()), "boot costs");
    }

    /**
     * Test → the cores its guests kept busy while its scripts ran on BACKEND, as runs measured
     * it ({@link #updateScriptLoads}); empty when none did.
     */
    public Map<String, Double> scriptLoads(String backend) {
        return readAll().scriptLoads().getOrDefault(backend, Map.of());
    }

    /**
     * The script loads of BACKEND, or of the first recorded key that starts with it and a slash,
     * as {@link #readFirst} finds boot costs; empty when none were recorded.
     */
    public Map<String, Double> scriptLoadsFirst(String backend) {
        return first(readAll().scriptLoads(), backend, loads -> true).orElse(Map.of());
    }

    /**
     * What a recorded script load keeps of itself when a run measures less: under load a guest
     * that computes gets less CPU per second and measures lower, so one loaded run must not make
     * a busy test look calm; a test that stopped computing fades out within a few runs.
     */
    static final double LOAD_KEPT = 0.8;

    /**
     * Records MEASURED (test → cores) for BACKEND: each test's new load, or {@value #LOAD_KEPT} of
     * its recorded one where that is more. A failure to write is returned, not thrown.
     */
    public synchronized Optional<String> updateScriptLoads(String backend, Map<String, Double> measured) {
        if (measured.isEmpty()) {
            return Optional.empty();
        }
        Content all = readAll();
        Map<String, Map<String, Double>> loads = new TreeMap<>(all.scriptLoads());
        Map<String, Double> tests = new TreeMap<>(loads.getOrDefault(backend, Map.of()));
        measured.forEach((test, cores) ->
                tests.merge(test, cores, (old, now) -> Math.max(now, Math.round(old * LOAD_KEPT * 1000) / 1000.0)));
        loads.put(backend, tests);
        return write(new Content(all.backends(), loads), "tests' script loads");
    }

    private Optional<String> write(Content content, String what) {
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, JSON.writeValueAsString(content) + "\n");
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot record this machine's " + what + " in " + file + ": " + e.getMessage());
        }
    }
}
