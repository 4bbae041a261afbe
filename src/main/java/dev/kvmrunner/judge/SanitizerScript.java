package dev.kvmrunner.judge;

import dev.kvmrunner.config.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One step of a sanitizer pipeline: a script file and the tool that runs it, chosen by the
 * file's extension as libreswan's sanitizer.sh does.
 *
 * @param file the script (absolute or relative to the working directory)
 * @param tool which program runs it
 * @param sedGroup libreswan main's {@code .sed-f} fixups: consecutive ones run as one
 *        {@code sed -f a -f b} (one program, not a pipeline); {@code file} is the {@code .sed}
 */
public record SanitizerScript(Path file, Tool tool, boolean sedGroup) {

    /** The programs that run sanitizer scripts. */
    public enum Tool {
        /** {@code .sed}: {@code sed -f FILE}. */
        SED,
        /** {@code .sed-n}: {@code sed -n -f FILE} (prints only what the script prints; libreswan 4.x). */
        SED_N,
        /** {@code .awk}: {@code gawk -f FILE} (GNU awk, as libreswan's scripts expect). */
        AWK,
        /** {@code .pl}: {@code perl FILE}. */
        PERL;

        List<String> command(Path file) {
            switch (this) {
                case SED:
                    return List.of("sed", "-f", file.toString());
                case SED_N:
                    return List.of("sed", "-n", "-f", file.toString());
                case AWK:
                    return List.of("gawk", "-f", file.toString());
                case PERL:
                    return List.of("perl", file.toString());
                default:
                    throw new AssertionError(this);
            }
        }
    }

    public SanitizerScript {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tool, "tool");
        if (sedGroup && tool != Tool.SED) {
            throw new IllegalArgumentException("only sed scripts form groups: " + file);
        }
    }

    public SanitizerScript(Path file, Tool tool) {
        this(file, tool, false);
    }

    /**
     * The script for this file, which must be a regular file ending in {@code .sed},
     * {@code .sed-n}, {@code .awk} or {@code .pl}.
     *
     * @param what how to describe the file in a message, e.g. {@code "sanitizer"}
     * @throws BadInputException naming the file when it is missing or of an unknown type
     */
    public static SanitizerScript of(Path file, String what) {
        String name = file.getFileName() == null
                ? file.toString()
                : file.getFileName().toString();
        Tool tool;
        boolean group = false;
        if (name.endsWith(".sed-f")) {
            // libreswan main: x.sed-f names x.sed, run in one sed with its neighbours
            file = file.resolveSibling(name.substring(0, name.length() - 2));
            tool = Tool.SED;
            group = true;
        } else if (name.endsWith(".sed")) {
            tool = Tool.SED;
        } else if (name.endsWith(".sed-n")) {
            tool = Tool.SED_N; // never merged with the plain sed scripts around it (SedMerge merges only SED)
        } else if (name.endsWith(".awk")) {
            tool = Tool.AWK;
        } else if (name.endsWith(".pl")) {
            tool = Tool.PERL;
        } else {
            throw new BadInputException(what + " " + file + ": unknown type (expecting .sed, .sed-f, .awk or .pl)");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(what + " " + file + ": file not found");
        }
        return new SanitizerScript(file, tool, group);
    }

    /** The command line that runs this script as a filter (stdin to stdout). */
    public List<String> command() {
        return tool.command(file);
    }
}
