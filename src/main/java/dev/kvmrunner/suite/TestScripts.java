package dev.kvmrunner.suite;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test directory's scripts, worked out when first asked for: the layout needs one listing
 * of the directory, the commands need the scripts' contents. Listing a 1,400-test suite by
 * name should do neither. Immutable once computed; safe to share between threads.
 */
public final class TestScripts {

    private final Path directory;
    private final ScriptRules rules;
    private volatile ScriptLayout layout;
    private volatile List<Command> commands;

    TestScripts(Path directory, ScriptRules rules) {
        this.directory = directory;
        this.rules = rules;
    }

    public ScriptLayout layout() {
        ScriptLayout result = layout;
        if (result == null) {
            synchronized (this) {
                if (layout == null) {
                    layout = rules.layout(directory, scriptFileNames(directory));
                }
                result = layout;
            }
        }
        return result;
    }

    public List<Command> commands() {
        List<Command> result = commands;
        if (result == null) {
            synchronized (this) {
                if (commands == null) {
                    commands = CommandReader.read(directory, layout());
                }
                result = commands;
            }
        }
        return result;
    }

    /** The names of the regular files called {@code *.sh} in {@code directory}. */
    static List<String> scriptFileNames(Path directory) {
        // File.list() is one readdir without a stat per entry; only *.sh names are stat'ed.
        String[] names = directory.toFile().list();
        List<String> scripts = new ArrayList<>();
        if (names != null) {
            for (String name : names) {
                if (name.endsWith(".sh") && new File(directory.toFile(), name).isFile()) {
                    scripts.add(name);
                }
            }
        }
        return scripts;
    }
}
