package dev.kvmrunner.config;

import dev.kvmrunner.domain.DomainName;
import java.util.ArrayList;
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
            throw new BadInputException("environment variable " + WORKERS + "='" + value + "': expected a whole number of 1 or more, or auto");
        }
    }

    /** KVM_PREFIXES, else KVM_PREFIX, if set. */
    public Optional<List<String>> prefixes() {
        String source = variables.containsKey(PREFIXES) ? PREFIXES : variables.containsKey(PREFIX) ? PREFIX : null;
        if (source == null) {
            return Optional.empty();
        }
        List<String> prefixes = parsePrefixes(variables.get(source), "environment variable " + source);
        return prefixes.isEmpty() ? Optional.empty() : Optional.of(prefixes);
    }

    /** Splits a space separated prefix list; {@code ''} or {@code ""} is the empty prefix. */
    public static List<String> parsePrefixes(String text, String where) {
        List<String> prefixes = new ArrayList<>();
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            String prefix = word.equals("''") || word.equals("\"\"") ? "" : word;
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
