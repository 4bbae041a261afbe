package dev.kvmrunner.suite;

import java.util.List;

/**
 * What a test directory's script file names say: the guests the test needs (sorted, no
 * duplicates) and the scripts to run in order. Found from file names only; no script is read.
 */
public record ScriptLayout(List<Guest> guests, List<ScriptStep> steps) {

    public ScriptLayout {
        guests = List.copyOf(guests);
        steps = List.copyOf(steps);
    }
}
