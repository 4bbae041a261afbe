package dev.kvmrunner.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.kvmrunner.domain.Backends;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and checks {@code kvmrunner.toml}; see {@link SuiteConfig} for the format. Kept apart so
 * that suites without the file never load Jackson (it costs start-up time).
 */
final class SuiteConfigFile {

    private static final Set<String> SANITIZER_SUFFIXES = Set.of(".sed", ".awk", ".pl");

    /** The file as written: null means "not given". */
    record Contents(
            List<String> hosts,
            String backend,
            List<String> sanitizers,
            TimeoutsContents timeouts,
            TopologyContents topology,
            InstallContents install) {}

    /** The top-level keys this file reads itself; any other table belongs to a backend. */
    private static final Set<String> SUITE_KEYS =
            Set.of("hosts", "backend", "sanitizers", "timeouts", "topology", "install");

    /** The install step (kvm-install) of the software under test; see {@link SuiteConfig}. */
    record InstallContents(String script) {}

    record TopologyContents(
            java.util.Map<String, NetworkContents> networks, java.util.Map<String, HostNetworkContents> hosts) {}

    /** A network table; empty for now, a table so that settings can be added without breaking files. */
    record NetworkContents() {}

    record HostNetworkContents(List<InterfaceContents> interfaces, List<RouteContents> routes, Boolean forward) {}

    record InterfaceContents(String network, String address) {}

    record RouteContents(String to, String via) {}

    record TimeoutsContents(Double command, Double boot, Double shutdown) {}

    private SuiteConfigFile() {}

    static SuiteConfig read(Path directory, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        TomlKeyLines place = TomlKeyLines.of(file, text);
        Map<String, BackendTable> backendTables = new TreeMap<>();
        Contents contents = parse(file, text, place, directory, backendTables);
        List<String> hosts = contents.hosts() == null ? List.of() : checkHosts(place, contents.hosts());
        Optional<String> backend = Optional.ofNullable(contents.backend());
        if (backend.isPresent() && backend.get().isBlank()) {
            throw new BadInputException(place.at("backend") + ": must not be empty");
        }
        if (backend.isPresent() && Backends.find(backend.get()).isEmpty()) {
            throw new BadInputException(place.at("backend") + ": unknown backend '" + backend.get()
                    + "'; this build has: " + String.join(", ", Backends.names()));
        }
        List<Path> sanitizers =
                contents.sanitizers() == null ? List.of() : checkSanitizers(directory, place, contents.sanitizers());
        return new SuiteConfig(
                directory,
                hosts,
                backend,
                sanitizers,
                timeouts(place, contents.timeouts()),
                TopologyCheck.check(place, hosts, contents.topology()),
                backendTables,
                installScript(place, contents.install()));
    }

    private static Contents parse(
            Path file, String text, TomlKeyLines place, Path directory, Map<String, BackendTable> backendTables) {
        TomlMapper mapper = TomlMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // A number where a name belongs (backend = 3) is a mistake, not a name.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        try {
            JsonNode tree = mapper.readTree(text);
            if (tree == null || !tree.isObject()) {
                return new Contents(null, null, null, null, null, null);
            }
            List<String> names = new ArrayList<>();
            tree.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (!SUITE_KEYS.contains(name) && tree.get(name).isObject()) {
                    backendTables.put(name, backendTable(file, place, directory, name, tree.get(name), mapper));
                    ((ObjectNode) tree).remove(name);
                }
            }
            return mapper.treeToValue(tree, Contents.class);
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
            String suffix = name == null || name.lastIndexOf('.') < 0
                    ? ""
                    : name.substring(name.lastIndexOf('.')).toLowerCase(Locale.ROOT);
            if (!SANITIZER_SUFFIXES.contains(suffix)) {
                throw new BadInputException(
                        place.at("sanitizers") + ": '" + name + "' is not a .sed, .awk or .pl script");
            }
            Path sanitizer = directory.resolve(name).normalize();
            if (!Files.isRegularFile(sanitizer)) {
                throw new BadInputException(place.at("sanitizers") + ": '" + name + "' not found: " + sanitizer);
            }
            sanitizers.add(sanitizer);
        }
        return sanitizers;
    }

    /** A backend's table as written, with the place of each key; the backend reads and checks it. */
    private static BackendTable backendTable(
            Path file, TomlKeyLines place, Path directory, String name, JsonNode node, TomlMapper mapper) {
        Map<String, Object> values = new TreeMap<>();
        Map<String, String> places = new TreeMap<>();
        node.fieldNames().forEachRemaining(key -> {
            values.put(key, mapper.convertValue(node.get(key), Object.class));
            places.put(key, place.at(name + "." + key));
        });
        int line = place.line(name);
        places.put("", line > 0 ? file + ":" + line : file.toString());
        return new BackendTable(name, values, places, directory);
    }

    private static Optional<String> installScript(TomlKeyLines place, InstallContents install) {
        if (install == null || install.script() == null) {
            return Optional.empty();
        }
        if (install.script().isBlank()) {
            throw new BadInputException(place.at("install.script") + ": must not be empty");
        }
        return Optional.of(install.script());
    }

    private static Timeouts timeouts(TomlKeyLines place, TimeoutsContents contents) {
        Timeouts defaults = Timeouts.DEFAULTS;
        if (contents == null) {
            return defaults;
        }
        return Timeouts.of(
                seconds(place, "boot", contents.boot(), defaults.boot()),
                seconds(place, "command", contents.command(), defaults.command()),
                seconds(place, "shutdown", contents.shutdown(), defaults.shutdown()));
    }

    private static Duration seconds(TomlKeyLines place, String key, Double seconds, Duration otherwise) {
        if (seconds == null) {
            return otherwise;
        }
        String problem = Timeouts.problemWithSeconds(seconds);
        if (problem != null) {
            throw new BadInputException(place.at("timeouts." + key) + ": " + problem);
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
