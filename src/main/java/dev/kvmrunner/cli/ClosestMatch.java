package dev.kvmrunner.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The option or subcommand a mistyped word most likely meant ("--worker" → "--workers",
 * "resluts" → "results"): the fewest edits (insert, delete, replace, swap two neighbours), and
 * only when the word is close enough that the guess helps.
 */
final class ClosestMatch {
    private ClosestMatch() {}

    static Optional<String> of(String typed, CommandSpec command) {
        List<String> candidates = new ArrayList<>();
        if (typed.startsWith("-")) {
            String name = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
            for (OptionSpec option : command.options()) {
                candidates.addAll(List.of(option.names()));
            }
            return closest(name, candidates);
        }
        candidates.addAll(command.subcommands().keySet());
        return closest(typed, candidates);
    }

    static Optional<String> closest(String typed, List<String> candidates) {
        int allowed = Math.max(2, typed.length() / 3);
        return candidates.stream()
                .filter(c -> distance(typed, c) <= allowed)
                .min(Comparator.comparingInt((String c) -> distance(typed, c))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** Optimal string alignment distance: Levenshtein plus the swap of two adjacent characters. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
