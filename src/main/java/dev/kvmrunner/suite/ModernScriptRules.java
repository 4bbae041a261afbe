package dev.kvmrunner.suite;

import dev.kvmrunner.config.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules of DESIGN.md and libreswan main (fab/scripts.py): a guest is named by a whole word
 * of a script's file name.
 * <ol>
 * <li>An {@code all.<guest>-<guest>.sh} script, if there is one, is the whole test: its file
 *     name names the guests and its lines name their host ({@code east# cmd}, {@code final# cmd}).
 *     More than one is an error.</li>
 * <li>Otherwise {@code <host>init.sh} in the order nic, east, the other hosts sorted; then
 *     {@code <host>run.sh} in the same order;</li>
 * <li>then the remaining {@code *.sh} sorted by name, each on the guests its name gives, in
 *     that order ({@code 99-west-east.sh}: west, then east); a script naming no guest is not
 *     run;</li>
 * <li>then {@code final.sh} on every guest of the test, sorted.</li>
 * </ol>
 */
public final class ModernScriptRules implements ScriptRules {

    private final HostCatalog catalog;

    public ModernScriptRules(HostCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public ScriptLayout layout(Path directory, List<String> fileNames) {
        Set<String> scripts = new TreeSet<>();
        List<String> allScripts = new ArrayList<>();
        for (String name : fileNames) {
            // libreswan globs "*.sh", which skips hidden files.
            if (name.endsWith(".sh") && !name.startsWith(".")) {
                scripts.add(name);
                if (isAllScript(name)) {
                    allScripts.add(name);
                }
            }
        }
        if (allScripts.size() > 1) {
            allScripts.sort(null);
            throw new BadInputException(directory + ": more than one all.*.sh script: " + String.join(" ", allScripts));
        }
        if (allScripts.size() == 1) {
            String script = allScripts.get(0);
            return new ScriptLayout(
                    List.copyOf(new TreeSet<>(catalog.guestsNamedIn(script))), List.of(new ScriptStep(null, script)));
        }
        return hostScripts(scripts);
    }

    /** libreswan's glob {@code all.*.sh}. */
    static boolean isAllScript(String name) {
        return name.startsWith("all.") && name.endsWith(".sh") && name.length() >= "all..sh".length();
    }

    private ScriptLayout hostScripts(Set<String> scripts) {
        Set<Guest> guests = new TreeSet<>();
        List<ScriptStep> steps = new ArrayList<>();
        for (String suffix : List.of("init.sh", "run.sh")) {
            for (Guest guest : catalog.hostScriptGuests()) {
                String script = guest.host().concat(suffix);
                if (scripts.remove(script)) {
                    steps.add(new ScriptStep(guest, script));
                    guests.add(guest);
                }
            }
        }
        for (String script : List.copyOf(scripts)) {
            List<Guest> named = catalog.guestsNamedIn(script);
            if (!named.isEmpty()) {
                scripts.remove(script);
                for (Guest guest : named) {
                    steps.add(new ScriptStep(guest, script));
                    guests.add(guest);
                }
            }
        }
        if (scripts.contains("final.sh")) {
            for (Guest guest : guests) {
                steps.add(new ScriptStep(guest, "final.sh"));
            }
        }
        return new ScriptLayout(List.copyOf(guests), steps);
    }
}
