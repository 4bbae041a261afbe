package dev.kvmrunner.results;

import dev.kvmrunner.suite.listing.PrintField;
import dev.kvmrunner.suite.listing.PrintedField;
import java.util.List;

/**
 * A field {@code results --print} can show, with kvmresults.py's name (2019 {@code printer.Print},
 * aliases included). Test fields are {@code list}'s ({@link PrintField}); the others come from
 * the verdict, the RESULT file and the baseline.
 */
public enum ResultField implements PrintedField {
    /** The output directory named on the command line, else the test directory (libreswan). */
    PATH("path", null),
    TEST_NAME("test-name", PrintField.TEST_NAME),
    TEST_KIND("test-kind", PrintField.TEST_KIND),
    KIND("kind", PrintField.TEST_KIND),
    TEST_STATUS("test-status", PrintField.TEST_STATUS),
    EXPECTED_RESULT("expected-result", PrintField.TEST_STATUS),
    TEST_DIRECTORY("test-directory", PrintField.TEST_DIRECTORY),
    TEST_HOST_NAMES("test-host-names", PrintField.TEST_HOST_NAMES),
    HOST_NAMES("host-names", PrintField.TEST_HOST_NAMES),
    TEST_SCRIPTS("test-scripts", PrintField.TEST_SCRIPTS),
    SCRIPTS("scripts", PrintField.TEST_SCRIPTS),
    /** Where the next run writes: {@code <test-directory>/OUTPUT}. */
    OUTPUT_DIRECTORY("output-directory", PrintField.OUTPUT_DIRECTORY),
    /** The output directory named on the command line; empty for a test's own OUTPUT. */
    SAVED_OUTPUT_DIRECTORY("saved-output-directory", null),
    RESULT("result", null),
    /** The issues ({@code host:issue,issue ...}); "errors" for historic reasons. */
    ERRORS("errors", null),
    ISSUES("issues", null),
    START_TIME("start-time", null),
    STOP_TIME("stop-time", null),
    BOOT_TIME("boot-time", null),
    SCRIPT_TIME("script-time", null),
    RUNTIME("runtime", null),
    BASELINE_DIRECTORY("baseline-directory", null),
    BASELINE_OUTPUT_DIRECTORY("baseline-output-directory", null),
    /** Each host's diff, on the lines after the others. */
    DIFFS("diffs", null);

    /** kvmresults.py's default. */
    public static final String DEFAULT = "path,result,errors";

    private final String fieldName;
    private final PrintField testField;

    ResultField(String fieldName, PrintField testField) {
        this.fieldName = fieldName;
        this.testField = testField;
    }

    @Override
    public String fieldName() {
        return fieldName;
    }

    /** The field of the test itself, or null for a result field. */
    PrintField testField() {
        return testField;
    }

    /** See {@link PrintedField#parseList}. */
    public static List<ResultField> parseList(String fields) {
        return PrintedField.parseList(fields, values());
    }
}
