package dev.kvmrunner.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestListTest {

    private static final Path FILE = Path.of("suites/x/TESTLIST");

    private static TestList parse(String... lines) {
        return TestList.parse(FILE, List.of(lines));
    }

    @Test
    void readsKindNameStatusAndOptionalPr() {
        TestList list = parse("kvmplutotest basic-01 good", "kvmplutotest basic-02 wip 1234");

        assertThat(list.entries())
                .containsExactly(
                        new TestListEntry("kvmplutotest", "basic-01", "good", Optional.empty(), 1),
                        new TestListEntry("kvmplutotest", "basic-02", "wip", Optional.of("1234"), 2));
        assertThat(list.problems()).isEmpty();
    }

    @Test
    void skipsBlankLinesCommentsAndTextAfterHash() {
        TestList list = parse(
                "# a comment", "", "   ", "\t", "kvmplutotest a good # trailing comment", "kvmplutotest b good#x");

        assertThat(list.entries()).extracting(TestListEntry::name).containsExactly("a", "b");
        assertThat(list.entries()).extracting(TestListEntry::line).containsExactly(5, 6);
        assertThat(list.problems()).isEmpty();
    }

    @Test
    void fieldsMaySeparateByTabsAndRuns() {
        TestList list = parse("  kvmplutotest\t\ta   good  ");

        assertThat(list.entries()).extracting(TestListEntry::status).containsExactly("good");
    }

    @Test
    void tooFewFieldsIsAnErrorAtTheLine() {
        TestList list = parse("", "kvmplutotest a # good");

        assertThat(list.hasErrors()).isTrue();
        assertThat(list.problems())
                .extracting(Problem::toString)
                .containsExactly("suites/x/TESTLIST:2: line has too few fields: kvmplutotest a # good");
        assertThat(list.entries()).isEmpty();
    }

    @Test
    void tooManyFieldsIsAnErrorAtTheLine() {
        TestList list = parse("kvmplutotest a good 12 extra");

        assertThat(list.problems())
                .extracting(Problem::toString)
                .containsExactly("suites/x/TESTLIST:1: line has too many fields: kvmplutotest a good 12 extra");
    }

    @Test
    void aNameThatIsAPathIsAnError() {
        TestList list = parse("kvmplutotest ../elsewhere good", "kvmplutotest .. good");

        assertThat(list.problems()).extracting(Problem::line).containsExactly(1, 2);
        assertThat(list.problems()).allMatch(Problem::error);
    }

    @Test
    void everyBadLineIsReported() {
        TestList list = parse("a", "kvmplutotest ok good", "b c", "1 2 3 4 5");

        assertThat(list.problems()).extracting(Problem::line).containsExactly(1, 3, 4);
        assertThat(list.entries()).extracting(TestListEntry::name).containsExactly("ok");
    }

    @Test
    void duplicateIsAWarningAndTheLaterLineWinsInTheFirstPosition() {
        // libreswan's OrderedDict: re-assigning a key keeps its position
        TestList list = parse("kvmplutotest a good", "kvmplutotest b good", "kvmplutotest a wip 99");

        assertThat(list.hasErrors()).isFalse();
        assertThat(list.entries()).extracting(TestListEntry::name).containsExactly("a", "b");
        assertThat(list.entries().get(0))
                .isEqualTo(new TestListEntry("kvmplutotest", "a", "wip", Optional.of("99"), 3));
        assertThat(list.problems()).singleElement().satisfies(p -> {
            assertThat(p.error()).isFalse();
            assertThat(p.toString())
                    .startsWith("suites/x/TESTLIST:3: test kvmplutotest a wip is a duplicate of "
                            + "kvmplutotest a good at line 1");
        });
    }

    @Test
    void anUnknownStatusIsAWarningAtTheLineAndTheTestStays() {
        TestList list =
                parse("kvmplutotest a good", "kvmplutotest b god", "kvmplutotest c skiptest", "kvmplutotest d skip");

        assertThat(list.hasErrors()).isFalse();
        assertThat(list.entries()).extracting(TestListEntry::name).containsExactly("a", "b", "c", "d");
        assertThat(list.problems())
                .extracting(Problem::toString)
                .containsExactly(
                        "suites/x/TESTLIST:2: test b: unknown status 'god' (known: good, wip, skiptest, skip)");
    }
}
