package dev.kvmrunner.cli;

import dev.kvmrunner.suite.Problem;
import dev.kvmrunner.suite.Selection;
import dev.kvmrunner.suite.TestCase;
import dev.kvmrunner.suite.listing.PrintField;
import dev.kvmrunner.suite.listing.TestPrinter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kvmrunner list}: prints the selected tests, one line (or JSON object) each, with
 * kvmresults.py's field names and text format so that scripts written for it keep working.
 * Warnings go to stderr; the exit status is 0, or 2 for bad input.
 */
@Command(
        name = "list",
        description = {
            "Prints the selected tests, one line each, as libreswan's kvmresults.py --print does.",
            "Fields: test-name, test-kind, test-status, test-directory, path, output-directory, test-host-names, "
                    + "test-guest-names, test-platforms, test-scripts, test-commands."
        })
public final class ListCommand implements Callable<Integer> {

    /** kvmresults.py prints path,result,errors by default; before a run only the path is known. */
    static final String DEFAULT_FIELDS = "path";

    @Mixin
    TestSelectionOptions selection;

    @Option(
            names = "--print",
            paramLabel = "FIELDS",
            defaultValue = DEFAULT_FIELDS,
            description = "Comma-separated fields to print (default: ${DEFAULT-VALUE}).")
    String print;

    @Option(names = "--json", description = "Print each test as one JSON object per line.")
    boolean json;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Option(
            names = {"-V", "--version"},
            versionHelp = true,
            description = "Print version information and exit.")
    boolean version;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TestPrinter printer = new TestPrinter(PrintField.parseList(print));
        Selection selected = selection.select();
        PrintWriter err = spec.commandLine().getErr();
        for (Problem warning : selected.warnings()) {
            err.println("kvmrunner: warning: " + warning);
        }
        err.flush();
        StringBuilder out = new StringBuilder();
        for (TestCase test : selected.tests()) {
            String line = json ? printer.json(test) : printer.text(test);
            if (!line.isEmpty()) {
                out.append(line).append('\n');
            }
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(out);
        stdout.flush();
        return ExitCodes.OK;
    }
}
