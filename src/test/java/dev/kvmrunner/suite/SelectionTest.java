package dev.kvmrunner.suite;

import static dev.kvmrunner.suite.Files2.touch;
import static dev.kvmrunner.suite.Files2.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvmrunner.config.BadInputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectionTest {

    @TempDir
    Path root;

    Path suite;

    @BeforeEach
    void suite() {
        // not the temporary directory itself: its parent must not look like a libreswan tree
        suite = root.resolve("suite");
        write(
                suite,
                "TESTLIST",
                String.join(
                        "\n",
                        "kvmplutotest ikev2-01 good",
                        "kvmplutotest ikev2-02 wip",
                        "kvmplutotest ikev1-01 good",
                        "kvmplutotest-extra extra-01 goodish",
                        "other x-01 good"));
        for (String test : List.of("ikev2-01", "ikev2-02", "ikev1-01", "extra-01", "x-01")) {
            touch(suite.resolve(test), "eastinit.sh");
        }
    }

    private List<String> select(String kind, String status, String name, String... arguments) {
        LoadedTests loaded = new SuiteLoader(suite).load(List.of(arguments));
        return Selection.of(loaded, TestFilter.of(kind, status, name)).tests().stream()
                .map(TestCase::name)
                .toList();
    }

    @Test
    void defaultsAreKvmplutotestAndGoodSearchedAnywhere() {
        // re.search, as libreswan: "kvmplutotest-extra" and "goodish" match too
        assertThat(select(null, null, null)).containsExactly("ikev2-01", "ikev1-01", "extra-01");
    }

    @Test
    void emptyExpressionSelectsEverything() {
        assertThat(select("", "", "")).containsExactly("ikev2-01", "ikev2-02", "ikev1-01", "extra-01", "x-01");
    }

    @Test
    void expressionsAreJavaRegexes() {
        assertThat(select("^kvmplutotest$", "good|wip", "^ikev2")).containsExactly("ikev2-01", "ikev2-02");
        assertThat(select(null, null, "v1")).containsExactly("ikev1-01");
    }

    @Test
    void testsNamedByDirectoryAreAlwaysSelected() {
        assertThat(select(null, "nothing-matches", "nor-this", ".", "ikev2-02")).containsExactly("ikev2-02");
    }

    @Test
    void aBadExpressionIsBadInput() {
        assertThatThrownBy(() -> TestFilter.of(null, null, "(unclosed"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("--test-name: bad regular expression '(unclosed': ");
    }

    @Test
    void warningsTravelWithTheSelection() {
        write(suite, "TESTLIST", "kvmplutotest ikev2-01 good\nkvmplutotest ikev2-01 good\n");

        Selection selection = Selection.of(new SuiteLoader(suite).load(List.of()), TestFilter.of(null, null, null));

        assertThat(selection.warnings()).extracting(Problem::line).containsExactly(2);
        assertThat(selection.tests()).hasSize(1);
    }
}
