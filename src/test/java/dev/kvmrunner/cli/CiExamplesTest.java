package dev.kvmrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The kvmrunner command lines of docs/ci.md parse: every subcommand and flag it shows exists,
 * so a user who copies the GitHub Actions or GitLab CI example gets no usage error. (Running
 * them is what the example suite's own tests and tools/release/check-packages.sh do.)
 */
class CiExamplesTest {
    private static final Pattern COMMAND = Pattern.compile("kvmrunner ((?:run|results|list|doctor)\\b[^`\\n]*)");

    @Test
    void everyCommandLineOfTheCiExamplesParses() throws IOException {
        String text = Files.readString(Path.of("docs", "ci.md"));
        List<String> commands = new ArrayList<>();
        Matcher matcher = COMMAND.matcher(text);
        while (matcher.find()) {
            commands.add(matcher.group(1).strip());
        }
        assertThat(commands)
                .as("the examples run a suite with JUnit and HTML reports and gate on regressions")
                .anyMatch(c -> c.startsWith("run ") && c.contains("--junit") && c.contains("--html"))
                .anyMatch(c -> c.startsWith("results ") && c.contains("--fail-on regressions"));
        for (String command : commands) {
            String[] args = Arrays.stream(command.replace("\"", "").split("\\s+"))
                    .filter(a -> !a.equals("..."))
                    .toArray(String[]::new);
            assertThatCode(() -> Main.commandLine().parseArgs(args)).as(command).doesNotThrowAnyException();
        }
    }
}
