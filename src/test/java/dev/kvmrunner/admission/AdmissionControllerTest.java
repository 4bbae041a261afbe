package dev.kvmrunner.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.admission.BootSample.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The controller's decisions on recorded inputs. The boot times are those `bench boot`
 * measured on a 2-core TCG machine: 2.8 s alone, 2.5 s two at once, 5.2 s four at once.
 */
class AdmissionControllerTest {
    private static AdmissionController auto(int maxBoots, int groups, int maxGroups) {
        return new AdmissionController(new AdmissionController.Settings(true, 1, maxBoots, true, groups, maxGroups, Map.of()));
    }

    /** A boot that started in the controller's current epoch. */
    private static BootSample boot(AdmissionController c, Kind kind, double seconds, int concurrency, int waiting, int testsLeft) {
        return new BootSample(kind, seconds, concurrency, c.epoch(), waiting, testsLeft);
    }

    @Test
    void admitsAnotherBootWhileBootsKeepTheirUnloadedSpeedAndBacksOffWhenTheyInflate() {
        AdmissionController c = new AdmissionController(new AdmissionController.Settings(true, 1, 4, false, 1, 1, Map.of()));
        List<Change> first = c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 3, 10));
        assertThat(first).extracting(Change::what, Change::from, Change::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Change.What.BOOTS, 1, 2));
        assertThat(first.get(0).describe()).startsWith("boot pool: 1 -> 2 workers (a boot took 1.00x its unloaded time, 3 waiting");

        // two at once on two cores: no slower, so a third is tried
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.6, 2, 2, 9))).extracting(Change::to).containsExactly(3);
        // three at once: 1.5 times slower, inside the band: hold
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 4.1, 3, 2, 8))).isEmpty();
        assertThat(c.boots()).isEqualTo(3);
        // four at once take twice as long: back off
        List<Change> back = c.bootFinished(boot(c, Kind.FIRST, 5.6, 3, 2, 7));
        assertThat(back).extracting(Change::to).containsExactly(2);
        assertThat(back.get(0).reason()).contains("2.05x");
    }

    @Test
    void aBootThatStartedBeforeTheLastChangeDecidesNothing() {
        AdmissionController c = new AdmissionController(new AdmissionController.Settings(true, 1, 4, false, 1, 1, Map.of()));
        long before = c.epoch();
        c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 3, 10));
        assertThat(c.boots()).isEqualTo(2);
        // started under the old limit: it cannot tell what the new one does
        assertThat(c.bootFinished(new BootSample(Kind.FIRST, 9.0, 1, before, 3, 9))).isEmpty();
        assertThat(c.boots()).isEqualTo(2);
        // but its time still counts in the slowdown the timeouts are stretched by
        assertThat(c.slowdown()).isGreaterThan(1.5);
    }

    @Test
    void doesNotGrowThePoolWhenNothingWaitsOrTheSlotsAreNotAllInUse() {
        AdmissionController c = new AdmissionController(new AdmissionController.Settings(true, 2, 4, false, 1, 1, Map.of()));
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.8, 2, 0, 10))).isEmpty();
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 5, 10))).isEmpty();
        assertThat(c.boots()).isEqualTo(2);
    }

    @Test
    void firstBootsAndResetsAreComparedWithTheirOwnKind() {
        AdmissionController c = new AdmissionController(new AdmissionController.Settings(true, 2, 4, false, 1, 1,
                Map.of(Kind.FIRST, 2.8)));
        // a snapshot reset of 0.5 s is not a fast boot, and a first boot after it is not slow
        c.bootFinished(boot(c, Kind.AGAIN, 0.5, 2, 0, 10));
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.9, 2, 0, 10))).isEmpty();
        assertThat(c.boots()).isEqualTo(2);
        assertThat(c.unloaded()).containsEntry(Kind.FIRST, 2.8).containsEntry(Kind.AGAIN, 0.5);
    }

    @Test
    void startsFromWhatEarlierRunsRecorded() {
        AdmissionController c = new AdmissionController(new AdmissionController.Settings(true, 1, 4, false, 1, 1,
                Map.of(Kind.FIRST, 2.8)));
        // the first boot of this run already ran at four times the recorded speed: no growth, and overloaded
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 11.0, 1, 3, 10))).isEmpty();
        assertThat(c.overloaded()).isTrue();
    }

    @Test
    void millisecondBootsDoNotLookInflated() {
        AdmissionController c = new AdmissionController(new AdmissionController.Settings(true, 1, 4, false, 1, 1, Map.of()));
        c.bootFinished(boot(c, Kind.FIRST, 0.002, 1, 3, 10));
        // 5x a 2 ms boot is noise, not load
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 0.010, 2, 3, 9))).extracting(Change::to).containsExactly(3);
        assertThat(c.overloaded()).isFalse();
    }

    @Test
    void groupsGrowWhileTheMachineKeepsUpAndShrinkWhenABootAloneIsSlowed() {
        AdmissionController c = new AdmissionController(new AdmissionController.Settings(false, 1, 1, true, 2, 4, Map.of()));
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 0, 10))).extracting(Change::what, Change::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Change.What.GROUPS, 3));
        assertThat(c.bootFinished(boot(c, Kind.AGAIN, 2.7, 1, 0, 9))).extracting(Change::to).containsExactly(4);
        assertThat(c.bootFinished(boot(c, Kind.AGAIN, 2.7, 1, 0, 8))).isEmpty(); // at the ceiling
        // one boot at a time, yet 2.5x slower: the running tests load the machine
        List<Change> shed = c.bootFinished(boot(c, Kind.AGAIN, 6.9, 1, 0, 7));
        assertThat(shed).extracting(Change::what, Change::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Change.What.GROUPS, 3));
        assertThat(shed.get(0).reason()).contains("booting alone");
    }

    @Test
    void noGroupIsAddedWhenNoTestsAreLeft() {
        AdmissionController c = new AdmissionController(new AdmissionController.Settings(false, 1, 1, true, 1, 4, Map.of()));
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 0, 0))).isEmpty();
    }

    @Test
    void aTimeoutOnAnOverloadedMachineShedsLoadAndOnAQuietOneDoesNot() {
        AdmissionController c = auto(4, 3, 4);
        c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 3, 0)); // boots: 1 -> 2
        assertThat(c.commandTimedOut(false)).isEmpty();
        assertThat(c.commandTimedOut(true)).extracting(Change::what, Change::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Change.What.GROUPS, 2), org.assertj.core.groups.Tuple.tuple(Change.What.BOOTS, 1));
    }

    @Test
    void fixedLimitsNeverChange() {
        AdmissionController c = new AdmissionController(AdmissionController.Settings.fixed(2, 3));
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.8, 2, 5, 10))).isEmpty();
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 9.8, 1, 5, 10))).isEmpty();
        assertThat(c.commandTimedOut(true)).isEmpty();
        assertThat(c.boots()).isEqualTo(2);
        assertThat(c.groups()).isEqualTo(3);
    }
}
