package dev.kvmrunner.cli;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.judge.Result;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Parses the result names of --skip and --result; blank names are ignored ({@code --skip ''} skips nothing). */
final class ResultNames {
    private ResultNames() {}

    static Set<Result> parse(String option, List<String> names) {
        Set<Result> results = EnumSet.noneOf(Result.class);
        for (String name : names) {
            if (name.isBlank()) {
                continue;
            }
            try {
                results.add(Result.parse(name.trim()));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(option + " " + name + ": expected passed, failed, unresolved or untested");
            }
        }
        return results;
    }
}
