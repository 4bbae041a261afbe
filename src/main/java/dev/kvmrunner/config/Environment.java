package dev.kvmrunner.config;

import dev.kvmrunner.domain.DomainName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The settings libreswan users keep in their environment: KVM_WORKERS, KVM_PREFIXES (space
 * separated; {@code ''} is the empty prefix) and the older spelling KVM_PREFIX.
 */
public final class Environment {
    public static final String WORKERS = "KVM_WORKERS";
    public static final String PREFIXES = "KVM_PREFIXES";
    public static final String PREFIX = "KVM_PREFIX";

    private final Map<String, String> variables;

    public Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static Environment system() {
        return new Environment(System.getenv());
    }

    /** Whether KVM_WORKERS is {@code auto}. */
    public boolean workersAuto() {
        String value = variables.get(WORKERS);
        return value != null && value.trim().equals("auto");
    }

    /** KVM_WORKERS, if set to a number. */
    public OptionalInt workers() {
        String value = variables.get(WORKERS);
        if (value == null || value.isBlank() || workersAuto()) {
            return OptionalInt.empty();
        }
        try {
            int workers = Integer.parseInt(value.trim());
            if (workers < 1) {
                throw new NumberFormatException();
            }
            return OptionalInt.of(workers);
        } catch (NumberFormatException e) {
            throw new BadInputException("environment variable " + WORKERS + "='" + value
                    + "': expected a whole number of 1 or more, or auto");
        }
    }

    /** KVM_PREFIXES, else KVM_PREFIX, if set. */
    public Optional<List<String>> prefixes() {
        String source = prefixVariable();
        if (source == null) {
            return Optional.empty();
        }
        List<String> prefixes = parsePrefixes(variables.get(source), "environment variable " + source);
        return prefixes.isEmpty() ? Optional.empty() : Optional.of(prefixes);
    }

    /** KVM_PREFIXES when it is set, else KVM_PREFIX when that is, else null. */
    private String prefixVariable() {
        return variables.containsKey(PREFIXES) ? PREFIXES : variables.containsKey(PREFIX) ? PREFIX : null;
    }

    /** The locations KVM_PREFIXES (else KVM_PREFIX) gives ({@code b.=URI}), by prefix. */
    public Map<String, String> locations() {
        String source = prefixVariable();
        return source == null ? Map.of() : parseLocations(variables.get(source), "environment variable " + source);
    }

    /** The locations of a prefix list's {@code P=LOCATION} words, by prefix. */
    public static Map<String, String> parseLocations(String text, String where) {
        Map<String, String> locations = new LinkedHashMap<>();
        parsePrefixes(text, where); // the same checks
        for (String word : text.trim().split("\\s+")) {
            int equals = word.indexOf('=');
            if (equals >= 0) {
                locations.put(unquoted(word.substring(0, equals)), word.substring(equals + 1));
            }
        }
        return locations;
    }

    private static String unquoted(String prefix) {
        return prefix.equals("''") || prefix.equals("\"\"") ? "" : prefix;
    }

    /**
     * Splits a space separated prefix list; {@code ''} or {@code ""} is the empty prefix. A word
     * {@code P=LOCATION} names prefix P (see {@link #parseLocations}).
     */
    public static List<String> parsePrefixes(String text, String where) {
        List<String> prefixes = new ArrayList<>();
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int equals = word.indexOf('=');
            if (equals >= 0 && word.substring(equals + 1).isBlank()) {
                throw new BadInputException(where + ": '" + word + "': expected P=LOCATION with a location after '='");
            }
            String prefix = unquoted(equals >= 0 ? word.substring(0, equals) : word);
            try {
                DomainName.checkPrefix(prefix);
            } catch (BadInputException e) {
                throw new BadInputException(where + ": " + e.getMessage());
            }
            if (prefixes.contains(prefix)) {
                throw new BadInputException(where + ": prefix '" + prefix + "' is given twice");
            }
            prefixes.add(prefix);
        }
        return prefixes;
    }
}
