package dev.kvmrunner.suite;

import dev.kvmrunner.config.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a test's scripts into console commands, in the order of its {@link ScriptLayout}. */
final class CommandReader {

    // An all.*.sh line: "east# cmd", "final# cmd" or "# comment"; the '#' may be followed by one
    // space, which is not part of the command. Other lines are not commands (libreswan ignores them too).
    private static final Pattern HOST_LINE = Pattern.compile("([a-z]*)# ?(.*)");

    private final Path directory;
    private final Map<String, List<String>> linesByScript = new HashMap<>();

    private CommandReader(Path directory) {
        this.directory = directory;
    }

    static List<Command> read(Path directory, ScriptLayout layout) {
        CommandReader reader = new CommandReader(directory);
        List<Command> commands = new ArrayList<>();
        for (ScriptStep step : layout.steps()) {
            if (step.guest() == null) {
                reader.addAllScript(commands, step.script(), layout.guests());
            } else {
                reader.addScript(commands, step.script(), step.guest());
            }
        }
        return List.copyOf(commands);
    }

    /** Every non-blank line, stripped, is one command. */
    private void addScript(List<Command> commands, String script, Guest guest) {
        List<String> lines = lines(script);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                commands.add(new Command(guest, line, script, i + 1));
            }
        }
    }

    private void addAllScript(List<Command> commands, String script, List<Guest> guests) {
        Map<String, Guest> byHost = new HashMap<>();
        for (Guest guest : guests) {
            byHost.put(guest.host(), guest);
        }
        List<String> lines = lines(script);
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            Matcher matcher = HOST_LINE.matcher(lines.get(i));
            if (!matcher.matches()) {
                continue;
            }
            String host = matcher.group(1);
            String command = matcher.group(2);
            if (host.isEmpty()) {
                commands.add(new Command(null, "# ".concat(command), script, lineNumber));
            } else if (host.equals("final")) {
                // like final.sh: on every guest, nic included
                for (Guest guest : guests) {
                    commands.add(new Command(guest, command, script, lineNumber));
                }
            } else if (byHost.containsKey(host)) {
                commands.add(new Command(byHost.get(host), command, script, lineNumber));
            } else {
                throw BadInputException.at(
                        directory.resolve(script),
                        lineNumber,
                        "host '" + host + "' is not named by the script's file name");
            }
        }
    }

    // final.sh is run on every guest: read it once.
    private List<String> lines(String script) {
        List<String> lines = linesByScript.get(script);
        if (lines == null) {
            try {
                lines = TextFiles.lines(directory.resolve(script));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            linesByScript.put(script, lines);
        }
        return lines;
    }
}
