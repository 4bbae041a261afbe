package dev.kvmrunner.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.kvmrunner.timeouts.Timeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;

/**
 * Reads and checks {@code kvmrunner.toml}; see {@link SuiteConfig} for the format. Kept apart so
 * that suites without the file never load Jackson (it costs start-up time).
 */
final class SuiteConfigFile {

    private static final Set<String> SANITIZER_SUFFIXES = Set.of(".sed", ".awk", ".pl");

    /** The file as written: null means "not given". */
    record Contents(List<String> hosts, String backend, List<String> sanitizers, TimeoutsContents timeouts,
                    TopologyContents topology, QemuContents qemu, InstallContents install) {
    }

    /** The install step (kvm-install) of the software under test; see {@link SuiteConfig}. */
    record InstallContents(String script) {
    }

    /** The qemu backend's settings; see {@link SuiteConfig}. */
    record QemuContents(String accel, String reset, String memory, String password,
                        @com.fasterxml.jackson.annotation.JsonProperty("kernel-package") String kernelPackage,
                        String kernel, String initrd, String disk, String image, List<String> packages,
                        String testing, @com.fasterxml.jackson.annotation.JsonProperty("testing-mount") String testingMount,
                        String source) {
    }

    record TopologyContents(java.util.Map<String, NetworkContents> networks, java.util.Map<String, HostNetworkContents> hosts) {
    }

    /** A network table; empty for now, a table so that settings can be added without breaking files. */
    record NetworkContents() {
    }

    record HostNetworkContents(List<InterfaceContents> interfaces, List<RouteContents> routes, Boolean forward) {
    }

    record InterfaceContents(String network, String address) {
    }

    record RouteContents(String to, String via) {
    }

    record TimeoutsContents(Double command, Double boot, Double shutdown) {
    }

    private SuiteConfigFile() {
    }

    static SuiteConfig read(Path directory, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        TomlKeyLines place = TomlKeyLines.of(file, text);
        Contents contents = parse(file, text, place);
        List<String> hosts = contents.hosts() == null ? List.of() : checkHosts(place, contents.hosts());
        String backend = contents.backend() == null ? SuiteConfig.DEFAULT_BACKEND : contents.backend();
        if (backend.isBlank()) {
            throw new BadInputException(place.at("backend") + ": must not be empty");
        }
        List<Path> sanitizers = contents.sanitizers() == null ? List.of()
                : checkSanitizers(directory, place, contents.sanitizers());
        return new SuiteConfig(directory, hosts, backend, sanitizers, timeouts(place, contents.timeouts()),
                TopologyCheck.check(place, hosts, contents.topology()), backendOptions(directory, place, contents));
    }

    private static Contents parse(Path file, String text, TomlKeyLines place) {
        TomlMapper mapper = TomlMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // A number where a name belongs (backend = 3) is a mistake, not a name.
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        try {
            Contents contents = mapper.readValue(text, Contents.class);
            return contents == null ? new Contents(null, null, null, null, null, null, null) : contents;
        } catch (JsonProcessingException e) {
            throw new BadInputException(where(file, place, e) + ": " + what(e), e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * FILE:LINE: the parser's line for a syntax error; for a binding error (a wrong type, an
     * unknown key), which comes after parsing, the line where the key is written.
     */
    private static String where(Path file, TomlKeyLines place, JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            return file + ":" + location.getLineNr();
        }
        if (e instanceof JsonMappingException mapping && !key(mapping).isEmpty()) {
            int line = place.line(key(mapping));
            return line > 0 ? file + ":" + line : file.toString();
        }
        return file.toString();
    }

    /** Says what is wrong in the file's terms (keys, TOML types), not in Java's. */
    private static String what(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> known = new ArrayList<>();
            unknown.getKnownPropertyIds().forEach(id -> known.add(id.toString()));
            known.sort(null);
            return "unknown key '" + key(unknown) + "'; known keys here: " + String.join(", ", known);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return key(mismatch) + ": expected " + typeName(mismatch.getTargetType());
        }
        return e.getOriginalMessage();
    }

    private static String key(JsonMappingException e) {
        List<String> keys = new ArrayList<>();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                keys.add(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                keys.add(Integer.toString(reference.getIndex()));
            }
        }
        return String.join(".", keys);
    }

    private static String typeName(Class<?> type) {
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "a table";
    }

    private static List<String> checkHosts(TomlKeyLines place, List<String> hosts) {
        if (hosts.isEmpty()) {
            throw new BadInputException(place.at("hosts") + ": must name at least one host");
        }
        Set<String> seen = new HashSet<>();
        for (String host : hosts) {
            if (!Names.isHost(host)) {
                throw new BadInputException(place.at("hosts") + ": '" + host
                        + "' is not a host name (lower-case letters and digits, starting with a letter)");
            }
            if (!seen.add(host)) {
                throw new BadInputException(place.at("hosts") + ": '" + host + "' is listed twice");
            }
        }
        return hosts;
    }

    private static List<Path> checkSanitizers(Path directory, TomlKeyLines place, List<String> names) {
        List<Path> sanitizers = new ArrayList<>();
        for (String name : names) {
            String suffix = name == null || name.lastIndexOf('.') < 0 ? ""
                    : name.substring(name.lastIndexOf('.')).toLowerCase(Locale.ROOT);
            if (!SANITIZER_SUFFIXES.contains(suffix)) {
                throw new BadInputException(place.at("sanitizers") + ": '" + name + "' is not a .sed, .awk or .pl script");
            }
            Path sanitizer = directory.resolve(name).normalize();
            if (!Files.isRegularFile(sanitizer)) {
                throw new BadInputException(place.at("sanitizers") + ": '" + name + "' not found: " + sanitizer);
            }
            sanitizers.add(sanitizer);
        }
        return sanitizers;
    }

    /** The [qemu] and [install] tables as the backend's option names. */
    private static Map<String, String> backendOptions(Path directory, TomlKeyLines place, Contents contents) {
        Map<String, String> options = qemu(directory, place, contents.qemu());
        if (contents.install() != null && contents.install().script() != null) {
            if (contents.install().script().isBlank()) {
                throw new BadInputException(place.at("install.script") + ": must not be empty");
            }
            options.put("KVM_INSTALL_SCRIPT", contents.install().script());
        }
        return options;
    }

    /** The [qemu] table as the backend's option names (paths made absolute against the suite). */
    private static Map<String, String> qemu(Path directory, TomlKeyLines place, QemuContents q) {
        Map<String, String> options = new TreeMap<>();
        if (q == null) {
            return options;
        }
        if (q.accel() != null && !List.of("auto", "kvm", "tcg").contains(q.accel())) {
            throw new BadInputException(place.at("qemu.accel") + ": '" + q.accel() + "' is not auto, kvm or tcg");
        }
        if (q.reset() != null && !List.of("boot", "snapshot").contains(q.reset())) {
            throw new BadInputException(place.at("qemu.reset") + ": '" + q.reset() + "' is not boot or snapshot");
        }
        put(options, "KVM_QEMU_ACCEL", q.accel());
        put(options, "KVM_RESET", q.reset());
        put(options, "KVM_QEMU_MEMORY", q.memory());
        put(options, "KVM_QEMU_PASSWORD", q.password());
        put(options, "KVM_QEMU_KERNEL_PACKAGE", q.kernelPackage());
        if (q.image() != null && !List.of("busybox", "debian").contains(q.image())) {
            throw new BadInputException(place.at("qemu.image") + ": '" + q.image() + "' is not busybox or debian");
        }
        put(options, "KVM_QEMU_IMAGE", q.image());
        if (q.packages() != null) {
            for (String pkg : q.packages()) {
                dev.kvmrunner.domain.qemu.GuestSettings.checkPackage(pkg).ifPresent(problem -> {
                    throw new BadInputException(place.at("qemu.packages") + ": " + problem);
                });
            }
            options.put("KVM_QEMU_PACKAGES", String.join(" ", q.packages()));
        }
        if (q.testingMount() != null && !q.testingMount().startsWith("/")) {
            throw new BadInputException(place.at("qemu.testing-mount") + ": '" + q.testingMount() + "' is not an absolute guest path");
        }
        put(options, "KVM_QEMU_TESTING_MOUNT", q.testingMount());
        // the tree shared with the guests: the suite's own directory unless the file names another
        for (String[] dir : new String[][] {{"KVM_QEMU_TESTING", q.testing() == null ? "." : q.testing(), "testing"},
                {"KVM_SOURCEDIR", q.source(), "source"}}) {
            if (dir[1] != null) {
                Path resolved = directory.resolve(dir[1]).normalize();
                if (!Files.isDirectory(resolved)) {
                    throw new BadInputException(place.at("qemu." + dir[2]) + ": '" + dir[1] + "' is not a directory: " + resolved);
                }
                options.put(dir[0], resolved.toString());
            }
        }
        for (String[] path : new String[][] {{"KVM_QEMU_KERNEL", q.kernel(), "kernel"}, {"KVM_QEMU_INITRD", q.initrd(), "initrd"},
                {"KVM_QEMU_DISK", q.disk(), "disk"}}) {
            if (path[1] != null) {
                Path resolved = directory.resolve(path[1]).normalize();
                if (!Files.isRegularFile(resolved)) {
                    throw new BadInputException(place.at("qemu." + path[2]) + ": '" + path[1] + "' not found: " + resolved);
                }
                options.put(path[0], resolved.toString());
            }
        }
        return options;
    }

    private static void put(Map<String, String> options, String key, String value) {
        if (value != null) {
            options.put(key, value);
        }
    }

    private static Timeouts timeouts(TomlKeyLines place, TimeoutsContents contents) {
        Timeouts defaults = Timeouts.DEFAULTS;
        if (contents == null) {
            return defaults;
        }
        return Timeouts.of(seconds(place, "boot", contents.boot(), defaults.boot()),
                seconds(place, "command", contents.command(), defaults.command()),
                seconds(place, "shutdown", contents.shutdown(), defaults.shutdown()));
    }

    private static Duration seconds(TomlKeyLines place, String key, Double seconds, Duration otherwise) {
        if (seconds == null) {
            return otherwise;
        }
        if (!(seconds > 0) || seconds.isInfinite()) {
            throw new BadInputException(place.at("timeouts." + key) + ": must be a positive number of seconds, not " + seconds);
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
