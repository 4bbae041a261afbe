package dev.kvmrunner.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Hands out the plan's tests in order, to whichever test worker asks first, and keeps what each
 * test's scripts cost ({@link #measured}) for the next run.
 *
 * <p>With {@code auto}, tests whose scripts kept at least {@value #BUSY_CORES} of a core busy in an
 * earlier run ("busy tests": computing, not waiting) are spread out: at most {@code busyAtOnce} of
 * them run at a time while other tests remain, and a busy test goes first whenever fewer run, so
 * that they do not pile up at the end, where they would run side by side. Two guests computing on
 * one core both miss their deadlines, as a real test's timers fire when its guest is starved.
 * None goes first before some test has ended: until then the run's cold boots load the machine
 * (the groups' first tests wait for them), and a busy test handed out at the start ran beside
 * them and brought hosts of its own to boot cold before any group could start its scripts.
 */
final class TestQueue {
    /** A test whose guests used this much of a core, on average while its scripts ran, computes. */
    static final double BUSY_CORES = 0.25;

    private final List<PlannedTest> pending;
    private final int total;
    private final Set<String> busy;
    private final int busyAtOnce;
    private int handedOut;
    private int busyRunning;
    private boolean someTestEnded;
    private final Map<String, Double> measured = new TreeMap<>();

    TestQueue(List<PlannedTest> tests) {
        this(tests, Set.of(), 1);
    }

    /**
     * @param busy       the tests to spread out (empty: TESTS' order, as given)
     * @param busyAtOnce how many busy tests may run at once while other tests remain
     */
    TestQueue(List<PlannedTest> tests, Set<String> busy, int busyAtOnce) {
        this.pending = new ArrayList<>(tests);
        this.total = tests.size();
        this.busy = Set.copyOf(busy);
        this.busyAtOnce = Math.max(1, busyAtOnce);
    }

    /** The busy tests among TESTS, from LOADS (test → cores its scripts kept busy, as recorded). */
    static Set<String> busyTests(List<PlannedTest> tests, Map<String, Double> loads) {
        Set<String> busy = new java.util.TreeSet<>();
        for (PlannedTest test : tests) {
            Double cores = loads.get(test.name());
            if (cores != null && cores >= BUSY_CORES) {
                busy.add(test.name());
            }
        }
        return busy;
    }

    /** The next test and its 1-based position, or null when none is left. */
    synchronized Numbered take() {
        if (pending.isEmpty()) {
            return null;
        }
        int pick = 0;
        if (!busy.isEmpty()) {
            int firstBusy = first(true);
            int firstCalm = first(false);
            if (busyRunning < busyAtOnce && firstBusy >= 0 && (someTestEnded || firstCalm < 0)) {
                pick = firstBusy;
            } else if (firstCalm >= 0) {
                pick = firstCalm;
            }
        }
        PlannedTest test = pending.remove(pick);
        if (busy(test)) {
            busyRunning++;
        }
        handedOut++;
        return new Numbered(test, handedOut, total);
    }

    private int first(boolean wantBusy) {
        for (int i = 0; i < pending.size(); i++) {
            if (busy(pending.get(i)) == wantBusy) {
                return i;
            }
        }
        return -1;
    }

    /** Whether TEST is spread out as a busy test in this run. */
    boolean busy(PlannedTest test) {
        return busy.contains(test.name());
    }

    /** TEST ended (however it ended): a busy test's place is free again. */
    synchronized void finished(PlannedTest test) {
        someTestEnded = true;
        if (busy(test)) {
            busyRunning--;
        }
    }

    /**
     * TEST's scripts ran SCRIPT_SECONDS and its guests used SCRIPT_CPU CPU-seconds meanwhile (NaN
     * where the backend cannot tell: nothing is kept).
     */
    synchronized void measured(PlannedTest test, double scriptSeconds, double scriptCpu) {
        if (!Double.isNaN(scriptCpu) && scriptSeconds > 0) {
            measured.put(test.name(), Math.round(scriptCpu / scriptSeconds * 1000) / 1000.0);
        }
    }

    /** Test → the cores its guests kept busy while its scripts ran, for the tests that ended with a measurement. */
    synchronized Map<String, Double> measuredLoads() {
        return Map.copyOf(measured);
    }

    /** How many tests are not yet handed out. */
    synchronized int left() {
        return pending.size();
    }

    /** Tests never handed out. */
    synchronized List<PlannedTest> remaining() {
        List<PlannedTest> rest = List.copyOf(pending);
        pending.clear();
        return rest;
    }

    record Numbered(PlannedTest test, int index, int total) {}
}
