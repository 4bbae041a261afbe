package dev.kvmrunner.suite.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.config.BadInputException;
import dev.kvmrunner.results.ResultField;
import org.junit.jupiter.api.Test;

/** list's and results' --print lists are parsed by one parser, alike. */
class PrintedFieldTest {

    @Test
    void bothListsSkipEmptyItemsAndKeepTheOrderGiven() {
        assertThat(PrintField.parseList(",test-host-names,,test-name,"))
                .containsExactly(PrintField.TEST_HOST_NAMES, PrintField.TEST_NAME);
        assertThat(ResultField.parseList("result,,test-name,errors"))
                .containsExactly(ResultField.RESULT, ResultField.TEST_NAME, ResultField.ERRORS);
        assertThat(PrintField.parseList("")).isEmpty();
    }

    @Test
    void anUnknownFieldIsBadInputNamingItAndEveryValidOne() {
        assertThatThrownBy(() -> PrintField.parseList("test-name,result"))
                .isInstanceOf(BadInputException.class)
                .hasMessage(
                        "--print: unknown field 'result'; valid fields: test-name,test-kind,test-status,test-directory,"
                                + "path,output-directory,test-host-names,test-guest-names,test-platforms,test-scripts,test-commands");
        assertThatThrownBy(() -> ResultField.parseList("diff"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("--print: unknown field 'diff'; valid fields: path,test-name,test-kind,kind,")
                .hasMessageEndingWith(",baseline-directory,baseline-output-directory,diffs");
    }

    @Test
    void jsonKeysAreTheNamesWithUnderscores() {
        assertThat(PrintField.TEST_HOST_NAMES.jsonKey()).isEqualTo("test_host_names");
        assertThat(ResultField.SAVED_OUTPUT_DIRECTORY.jsonKey()).isEqualTo("saved_output_directory");
        assertThat(ResultField.ERRORS.jsonKey()).isEqualTo("errors");
    }
}
