package dev.kvmrunner.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestQueueTest {
    private static List<PlannedTest> tests(String... names) {
        List<PlannedTest> tests = new ArrayList<>();
        for (String name : names) {
            tests.add(new PlannedTest(
                    name, "kvmplutotest", "good", Path.of("/suite", name), name, List.of("east"), List.of()));
        }
        return tests;
    }

    private static String take(TestQueue queue) {
        TestQueue.Numbered next = queue.take();
        return next == null ? null : next.test().name();
    }

    @Test
    void withoutBusyTestsTheOrderIsTheOneGiven() {
        TestQueue queue = new TestQueue(tests("a", "b", "c"));
        assertThat(take(queue)).isEqualTo("a");
        TestQueue.Numbered b = queue.take();
        assertThat(b.test().name()).isEqualTo("b");
        assertThat(b.index()).isEqualTo(2);
        assertThat(b.total()).isEqualTo(3);
        assertThat(queue.left()).isEqualTo(1);
        assertThat(queue.remaining()).extracting(PlannedTest::name).containsExactly("c");
        assertThat(queue.take()).isNull();
    }

    @Test
    void busyTestsGoFirstOneAtATimeWhileOtherTestsRemain() {
        List<PlannedTest> tests = tests("a", "b", "c", "d", "e", "x", "y");
        TestQueue queue = new TestQueue(tests, Set.of("x", "y"), 1);
        // no test has ended yet: the run's cold boots load the machine, so calm tests start it
        assertThat(take(queue)).isEqualTo("a");
        assertThat(take(queue)).isEqualTo("b");
        // a ended: the first busy test goes first, and then calm tests while it runs
        queue.finished(tests.get(0));
        assertThat(take(queue)).isEqualTo("x");
        assertThat(take(queue)).isEqualTo("c");
        assertThat(take(queue)).isEqualTo("d");
        // x ended: y, the next busy test, goes before the calm ones left
        queue.finished(tests.get(5));
        assertThat(take(queue)).isEqualTo("y");
        assertThat(take(queue)).isEqualTo("e");
        assertThat(take(queue)).isNull();
    }

    @Test
    void busyTestsLeftAloneAtTheEndStillRun() {
        List<PlannedTest> tests = tests("a", "x", "y");
        TestQueue queue = new TestQueue(tests, Set.of("x", "y"), 1);
        assertThat(take(queue)).isEqualTo("a");
        // only busy tests are left: a group does not idle for a test to end, even at the start
        assertThat(take(queue)).isEqualTo("x");
        // and one is left while x runs: it runs too
        assertThat(take(queue)).isEqualTo("y");
    }

    @Test
    void aTestIsBusyWhenItsScriptsKeptAQuarterOfACoreBusy() {
        List<PlannedTest> tests = tests("ping", "loop", "new");
        assertThat(TestQueue.busyTests(tests, Map.of("ping", 0.12, "loop", 0.34, "gone", 0.9)))
                .containsExactly("loop");
        TestQueue queue = new TestQueue(tests);
        queue.measured(tests.get(0), 2.0, 0.24);
        queue.measured(tests.get(1), 3.0, Double.NaN); // the backend cannot tell
        queue.measured(tests.get(2), 0, 1.0); // no script ran
        assertThat(queue.measuredLoads()).containsExactlyEntriesOf(Map.of("ping", 0.12));
    }
}
