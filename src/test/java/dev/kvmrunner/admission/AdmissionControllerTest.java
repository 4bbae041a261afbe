package dev.kvmrunner.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.kvmrunner.admission.BootSample.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The controller's decisions on recorded inputs. The boot times are those `bench boot`
 * measured on a 2-core TCG machine: 2.8 s alone, 2.5 s two at once, 5.2 s four at once.
 */
class AdmissionControllerTest {
    private static AdmissionController boots(int start, int max) {
        return new AdmissionController(new AdmissionController.Settings(true, start, max, false, 1, 1, Map.of()));
    }

    /** A boot that started in the controller's current epoch. */
    private static BootSample boot(
            AdmissionController c,
            Kind kind,
            double seconds,
            int concurrency,
            int waiting,
            int testsLeft,
            double headroom) {
        return new BootSample(kind, seconds, concurrency, c.epoch(), waiting, testsLeft, headroom);
    }

    @Test
    void withNoEarlierRunAutoStartsAtTwoBootsOrHalfTheCoresAndTwoGroupsPerCore() {
        // two boots share a core pair almost for free; past half the cores they cost failures
        assertThat(AdmissionController.startingBoots(1, 2)).isEqualTo(2);
        assertThat(AdmissionController.startingBoots(2, 4)).isEqualTo(2);
        assertThat(AdmissionController.startingBoots(4, 8)).isEqualTo(2);
        assertThat(AdmissionController.startingBoots(16, 8)).isEqualTo(8);
        assertThat(AdmissionController.startingBoots(12, 8)).isEqualTo(6);
        assertThat(AdmissionController.startingBoots(2, 1))
                .as("the ceiling holds")
                .isEqualTo(1);
        // tests mostly wait: two groups per core, never more than the user allowed
        assertThat(AdmissionController.startingGroups(2, 4)).isEqualTo(4);
        assertThat(AdmissionController.startingGroups(2, 6)).isEqualTo(4);
        assertThat(AdmissionController.startingGroups(8, 3)).isEqualTo(3);
        assertThat(AdmissionController.startingGroups(1, 1)).isEqualTo(1);
    }

    @Test
    void admitsAnotherBootWhileBootsKeepTheirSpeedAndACoreIsIdleAndBacksOffWhenTheyInflate() {
        AdmissionController c = boots(1, 4);
        List<Change> first = c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 3, 10, 1.0));
        assertThat(first)
                .extracting(Change::what, Change::from, Change::to)
                .containsExactly(tuple(Change.What.BOOTS, 1, 2));
        assertThat(first.get(0).describe())
                .isEqualTo(
                        "boot pool: 1 -> 2 workers (a boot took 1.00x its unloaded time, 1.0 cores idle, 3 waiting)");

        // two at once on two cores are no slower, and a core was still idle: a third is tried
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.6, 2, 2, 9, 0.8)))
                .extracting(Change::to)
                .containsExactly(3);
        // three at once: 1.3 and 1.7 times slower than the boot that ran alone, a median inside the band: hold
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 4.1, 3, 2, 8, 0.0))).isEmpty();
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 5.6, 3, 2, 7, 0.0))).isEmpty();
        assertThat(c.boots()).isEqualTo(3);
        // a third boot that slow puts the median over the line: back off
        List<Change> back = c.bootFinished(boot(c, Kind.FIRST, 6.0, 3, 2, 6, 0.0));
        assertThat(back).extracting(Change::to).containsExactly(2);
        assertThat(back.get(0).reason()).startsWith("the last 3 boots (median) took 1.74x their unloaded time");
    }

    /** A boot pool of BOOTS (up to 3) whose earlier runs' first boots took 4.4-5.3 s alone. */
    private static AdmissionController afterLoneFirstBootsOf4To5Seconds(int boots) {
        Map<Kind, List<Double>> alone = Map.of(Kind.FIRST, List.of(4.4, 4.6, 4.9, 5.3));
        return new AdmissionController(new AdmissionController.Settings(true, boots, 3, false, 1, 1, Map.of(), alone));
    }

    @Test
    void aSlowStartUpBootNeitherLowersThePoolNorJoinsTheLoneBoots() {
        // the confirmation runs of 2026-11-30: the run's first two boots took 8.3 and 9.1 s (the
        // runner starting, the image read for the first time) against lone boots of 4-5 s
        AdmissionController c = afterLoneFirstBootsOf4To5Seconds(2);
        assertThat(c.bootFinished(new BootSample(Kind.FIRST, 8.3, 1, c.epoch(), 4, 22, 0.07, true)))
                .isEmpty();
        assertThat(c.bootFinished(new BootSample(Kind.FIRST, 9.1, 2, c.epoch(), 3, 22, 0.07, true)))
                .as("two of them at 1.8x would have cut the pool to one worker")
                .isEmpty();
        assertThat(c.boots()).isEqualTo(2);
        assertThat(c.alone().get(Kind.FIRST)).containsExactly(4.4, 4.6, 4.9, 5.3);
        // the same boots started later judge as any: two at 1.8x cut the pool
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 8.3, 2, 3, 20, 0.07))).isEmpty();
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 9.1, 2, 3, 19, 0.07)))
                .extracting(Change::to)
                .containsExactly(1);
    }

    @Test
    void aStartUpBootThatKeptItsSpeedJudgesAsAnyOther() {
        AdmissionController c = afterLoneFirstBootsOf4To5Seconds(1);
        assertThat(c.bootFinished(new BootSample(Kind.FIRST, 4.7, 1, c.epoch(), 3, 22, 1.0, true)))
                .extracting(Change::to)
                .containsExactly(2);
        assertThat(c.alone().get(Kind.FIRST)).endsWith(4.7);
    }

    @Test
    void aTypicalLoneBootIsNotInflatedWhereLoneBootsVaryAndOneWasLucky() {
        // lone TCG boots on a quiet machine: one lucky 2.9 s, most 4-5 s, one slow cold-cache 8 s
        Map<Kind, List<Double>> alone = Map.of(Kind.AGAIN, List.of(2.9, 4.1, 4.3, 4.5, 4.6, 5.0, 5.2, 8.0));
        AdmissionController c =
                new AdmissionController(new AdmissionController.Settings(true, 1, 4, false, 1, 1, Map.of(), alone));
        assertThat(c.unloaded()).containsEntry(Kind.AGAIN, 4.1);
        List<Change> grown = c.bootFinished(boot(c, Kind.AGAIN, 5.0, 1, 2, 10, 1.0));
        // against the lower quartile (4.1 s), not the lucky 2.9 s (which would make it 1.54x: no growth)
        assertThat(grown).extracting(Change::to).containsExactly(2);
        assertThat(grown.get(0).reason()).startsWith("a boot took 1.18x its unloaded time");
        // the boot that ran alone joins what the next run starts from
        assertThat(c.alone().get(Kind.AGAIN)).hasSize(9).endsWith(5.0);
    }

    @Test
    void theLoneBootsKeptAreTheMostRecentOnes() {
        List<Double> old = java.util.Collections.nCopies(UnloadedTimes.KEPT, 9.0);
        AdmissionController c = new AdmissionController(
                new AdmissionController.Settings(false, 1, 1, false, 1, 1, Map.of(), Map.of(Kind.FIRST, old)));
        for (int i = 0; i < UnloadedTimes.KEPT; i++) {
            c.bootFinished(boot(c, Kind.FIRST, 3.0, 1, 0, 0, 1.0));
        }
        // a machine that got faster: the old slow boots have aged out
        assertThat(c.alone().get(Kind.FIRST)).hasSize(UnloadedTimes.KEPT).containsOnly(3.0);
        assertThat(c.unloaded()).containsEntry(Kind.FIRST, 3.0);
    }

    @Test
    void oneBootFarOverItsTimeBacksOffAtOnce() {
        AdmissionController c = boots(2, 4);
        c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 0, 10, 1.0));
        List<Change> back = c.bootFinished(boot(c, Kind.FIRST, 8.0, 2, 0, 10, 0.0));
        assertThat(back).extracting(Change::to).containsExactly(1);
        assertThat(back.get(0).reason()).isEqualTo("a boot took 2.37x its unloaded time");
    }

    @Test
    void noCoreIdleNoMoreBoots() {
        AdmissionController c = boots(1, 4);
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 3, 10, 0.3))).isEmpty();
        assertThat(c.boots()).isEqualTo(1);
    }

    @Test
    void aBootThatStartedBeforeTheLastChangeDecidesNothing() {
        AdmissionController c = boots(1, 4);
        long before = c.epoch();
        c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 3, 10, 1.0));
        assertThat(c.boots()).isEqualTo(2);
        // started under the old limit: it cannot tell what the new one does
        assertThat(c.bootFinished(new BootSample(Kind.FIRST, 12.0, 1, before, 3, 9, 1.0)))
                .isEmpty();
        assertThat(c.boots()).isEqualTo(2);
        // but its time still counts in the slowdown that stretches timeouts
        assertThat(c.slowdown()).isGreaterThan(1.7);
        assertThat(c.overloaded()).isTrue();
    }

    @Test
    void doesNotGrowThePoolWhenNothingWaitsOrTheSlotsAreNotAllInUse() {
        AdmissionController c = boots(2, 4);
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.8, 2, 0, 10, 2.0))).isEmpty();
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 5, 10, 2.0))).isEmpty();
        assertThat(c.boots()).isEqualTo(2);
    }

    @Test
    void firstBootsAndResetsAreComparedWithTheirOwnKind() {
        AdmissionController c = new AdmissionController(
                new AdmissionController.Settings(true, 2, 4, false, 1, 1, Map.of(Kind.FIRST, 2.8)));
        // a snapshot reset of 0.5 s is not a fast boot, and a first boot after it is not slow
        c.bootFinished(boot(c, Kind.AGAIN, 0.5, 2, 0, 10, 0.0));
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.9, 2, 0, 10, 0.0))).isEmpty();
        assertThat(c.boots()).isEqualTo(2);
        assertThat(c.unloaded()).containsEntry(Kind.FIRST, 2.8).containsEntry(Kind.AGAIN, 0.5);
    }

    @Test
    void startsFromWhatEarlierRunsRecorded() {
        AdmissionController c = new AdmissionController(
                new AdmissionController.Settings(true, 1, 4, false, 1, 1, Map.of(Kind.FIRST, 2.8)));
        // the first boot of this run already took four times the recorded time: no growth, and overloaded
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 11.0, 1, 3, 10, 1.0))).isEmpty();
        assertThat(c.overloaded()).isTrue();
    }

    @Test
    void theUnloadedTimeAnEarlierRunWroteBackIsNotCountedBesideTheLoneBootsItCameFrom() {
        // a run records its lone boots and their quartile; the quartile standing beside them as one
        // more sample would weigh those boots twice (here it would pull the quartile from 5.0 to 4.0)
        AdmissionController c = new AdmissionController(new AdmissionController.Settings(
                true,
                1,
                4,
                false,
                1,
                1,
                Map.of(Kind.FIRST, 2.0),
                Map.of(Kind.FIRST, List.of(4.0, 5.0, 6.0, 7.0, 8.0))));
        assertThat(c.unloaded()).containsEntry(Kind.FIRST, 5.0);
        AdmissionController none = new AdmissionController(
                new AdmissionController.Settings(true, 1, 4, false, 1, 1, Map.of(Kind.FIRST, 2.0), Map.of()));
        assertThat(none.unloaded())
                .as("with no lone boot the recorded time stands in")
                .containsEntry(Kind.FIRST, 2.0);
    }

    @Test
    void millisecondBootsDoNotLookInflated() {
        AdmissionController c = boots(1, 4);
        c.bootFinished(boot(c, Kind.FIRST, 0.002, 1, 3, 10, 2.0));
        // 5x a 2 ms boot is noise, not load
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 0.010, 2, 3, 9, 2.0)))
                .extracting(Change::to)
                .containsExactly(3);
        assertThat(c.overloaded()).isFalse();
    }

    @Test
    void groupsGrowWhileTheMachineKeepsUpAndShrinkWhenBootsAloneAreSlowed() {
        AdmissionController c =
                new AdmissionController(new AdmissionController.Settings(false, 1, 1, true, 2, 4, Map.of()));
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 0, 10, 1.0)))
                .extracting(Change::what, Change::to)
                .containsExactly(tuple(Change.What.GROUPS, 3));
        assertThat(c.bootFinished(boot(c, Kind.AGAIN, 2.7, 1, 0, 9, 1.0)))
                .extracting(Change::to)
                .containsExactly(4);
        assertThat(c.bootFinished(boot(c, Kind.AGAIN, 2.7, 1, 0, 8, 1.0))).isEmpty(); // at the ceiling
        // one boot at a time, yet twice as slow, twice: the running tests load the machine
        assertThat(c.bootFinished(boot(c, Kind.AGAIN, 6.9, 1, 0, 7, 0.0))).isEmpty();
        List<Change> shed = c.bootFinished(boot(c, Kind.AGAIN, 6.9, 1, 0, 6, 0.0));
        assertThat(shed).extracting(Change::what, Change::to).containsExactly(tuple(Change.What.GROUPS, 3));
        assertThat(shed.get(0).reason()).contains("ran alone");
    }

    @Test
    void noGroupIsAddedWhenNoTestsAreLeftOrNoCoreIsIdleWhileBootsWait() {
        AdmissionController c =
                new AdmissionController(new AdmissionController.Settings(false, 1, 1, true, 1, 4, Map.of()));
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 0, 0, 1.0))).isEmpty();
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 2, 5, 0.2))).isEmpty();
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 1, 5, 0.2))).isEmpty();
        assertThat(c.groups()).isEqualTo(1);
    }

    @Test
    void beforeAnyBootHasFinishedIdleCoresAloneAdmitAnotherBoot() {
        AdmissionController c = boots(1, 4);
        assertThat(c.startingUp(1, 3, 0.5, 1.0))
                .as("half a core idle is not enough")
                .isEmpty();
        assertThat(c.startingUp(1, 0, 1.0, 1.0)).as("nothing waits").isEmpty();
        assertThat(c.startingUp(0, 3, 1.0, 1.0)).as("a slot is free").isEmpty();
        assertThat(c.startingUp(1, 3, 1.0, 0.2))
                .as("the boot does not burn its CPU yet")
                .isEmpty();
        List<Change> grown = c.startingUp(1, 3, 1.0, 1.0);
        assertThat(grown).extracting(Change::what, Change::to).containsExactly(tuple(Change.What.BOOTS, 2));
        assertThat(grown.get(0).reason()).isEqualTo("no boot has finished yet, 1.0 cores idle, 3 waiting");
        // two boots that used one core between them: the window shows a core idle, yet says nothing
        // (seen on a sweep: the run's first boots waited for the guest image, and a third boot on 2 cores followed)
        assertThat(c.startingUp(2, 3, 1.0, 1.0)).isEmpty();
        // once a boot has finished, the boots judge: no more growth between them
        c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 3, 10, 0.0));
        assertThat(c.startingUp(2, 3, 2.0, 2.0)).isEmpty();
        assertThat(c.boots()).isEqualTo(2);
        AdmissionController fixed = new AdmissionController(AdmissionController.Settings.fixed(1, 1));
        assertThat(fixed.startingUp(1, 3, 2.0, 1.0)).isEmpty();
    }

    @Test
    void aBootPoolThatRunsDryAddsAGroupEvenWithNoCoreIdle() {
        // two boots at once fill both cores of a 2-core machine: the headroom rule alone never adds
        // a group, while the pool waits for the groups' tests (the quiet sweep of 2026-11-30 stayed
        // at 3 groups, and 4 was 16 % faster)
        AdmissionController c =
                new AdmissionController(new AdmissionController.Settings(false, 2, 2, true, 3, 4, Map.of()));
        assertThat(c.bootFinished(boot(c, Kind.AGAIN, 2.8, 2, 0, 10, 0.0)))
                .as("one boot of the epoch decides nothing")
                .isEmpty();
        List<Change> grown = c.bootFinished(boot(c, Kind.AGAIN, 2.9, 2, 0, 9, 0.0));
        assertThat(grown).extracting(Change::what, Change::to).containsExactly(tuple(Change.What.GROUPS, 4));
        assertThat(grown.get(0).reason()).contains("the boot pool ran dry").contains("9 tests left");
    }

    @Test
    void theNextRunStartsFromTheLimitsMostBootsFinishedUnderNotFromALateRaise() {
        AdmissionController c =
                new AdmissionController(new AdmissionController.Settings(false, 2, 2, true, 2, 4, Map.of()));
        assertThat(c.settledGroups()).as("before any boot: the current limit").isEqualTo(2);
        // most of the run: boots keep their speed with a backlog, and 2 groups keep the pool busy
        for (int i = 0; i < 6; i++) {
            assertThat(c.bootFinished(boot(c, Kind.AGAIN, 2.8, 2, 1, 10 - i, 0.0)))
                    .isEmpty();
        }
        // near the end the pool runs dry and a group is added for the last tests
        c.bootFinished(boot(c, Kind.AGAIN, 2.8, 2, 0, 3, 0.0));
        c.bootFinished(boot(c, Kind.AGAIN, 2.8, 2, 0, 2, 0.0));
        assertThat(c.groups()).isEqualTo(3);
        c.bootFinished(boot(c, Kind.AGAIN, 2.8, 2, 0, 1, 0.0));
        assertThat(c.settledGroups()).isEqualTo(2);
        assertThat(c.settledBoots()).as("the boot slots never changed").isEqualTo(2);
    }

    @Test
    void betweenLimitsThatSawAsManyBootsTheLaterOneIsWhereTheRunSettled() {
        AdmissionController c =
                new AdmissionController(new AdmissionController.Settings(false, 2, 2, true, 2, 4, Map.of()));
        c.bootFinished(boot(c, Kind.AGAIN, 2.8, 2, 0, 10, 0.0));
        c.bootFinished(boot(c, Kind.AGAIN, 2.8, 2, 0, 9, 0.0)); // the pool ran dry: 3 groups
        assertThat(c.groups()).isEqualTo(3);
        c.bootFinished(boot(c, Kind.AGAIN, 2.8, 2, 1, 8, 0.0));
        c.bootFinished(boot(c, Kind.AGAIN, 2.8, 2, 1, 7, 0.0));
        assertThat(c.settledGroups()).isEqualTo(3);
    }

    @Test
    void aBootPoolThatRunsDryAddsNoGroupWhenBootsInflateOrNoTestsAreLeft() {
        AdmissionController c =
                new AdmissionController(new AdmissionController.Settings(false, 2, 2, true, 2, 4, Map.of()));
        c.bootFinished(boot(c, Kind.AGAIN, 2.8, 1, 0, 10, 0.0)); // unloaded: 2.8 s
        assertThat(c.bootFinished(boot(c, Kind.AGAIN, 5.5, 2, 0, 9, 0.0)))
                .as("a median of 1.0x and 1.7x: over %s", AdmissionController.RAISE_AT_MOST)
                .isEmpty();
        assertThat(c.bootFinished(boot(c, Kind.AGAIN, 2.8, 2, 0, 0, 0.0))).isEmpty();
        assertThat(c.groups()).isEqualTo(2);
    }

    @Test
    void aBootPoolThatKeepsABacklogForThreeRoundsOfItsSlotsTakesAGroupAway() {
        // 2 boot slots, 4 groups: as in the sweep's --reset boot points, every boot leaves 4 or more waiting
        AdmissionController c =
                new AdmissionController(new AdmissionController.Settings(false, 2, 2, true, 4, 4, Map.of()));
        int[] waiting = {10, 10, 8, 7, 9};
        for (int w : waiting) {
            assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.8, 2, w, 20, 0.0)))
                    .as("fewer than three rounds of the slots")
                    .isEmpty();
        }
        List<Change> cut = c.bootFinished(boot(c, Kind.FIRST, 2.9, 2, 8, 20, 0.0));
        assertThat(cut)
                .extracting(Change::what, Change::from, Change::to)
                .containsExactly(tuple(Change.What.GROUPS, 4, 3));
        assertThat(cut.get(0).reason())
                .isEqualTo("each of the last 6 boots left 7 or more waiting: the boot pool is the bottleneck,"
                        + " and a group fewer still keeps it busy");
        // a new epoch: boots that started before the change judge nothing
        BootSample old = new BootSample(Kind.FIRST, 2.8, 2, c.epoch() - 1, 9, 19, 0.0);
        for (int i = 0; i < 6; i++) {
            assertThat(c.bootFinished(old)).isEmpty();
        }
        for (int i = 0; i < 6; i++) {
            c.bootFinished(boot(c, Kind.FIRST, 2.8, 2, 6, 18, 0.0));
        }
        assertThat(c.groups()).as("never fewer groups than boot slots").isEqualTo(2);
        for (int i = 0; i < 12; i++) {
            c.bootFinished(boot(c, Kind.FIRST, 2.8, 2, 6, 17, 0.0));
        }
        assertThat(c.groups()).isEqualTo(2);

        // one boot slot: never fewer than two groups, or the pool idles while the one group's scripts run
        AdmissionController one =
                new AdmissionController(new AdmissionController.Settings(false, 1, 1, true, 3, 3, Map.of()));
        for (int i = 0; i < 12; i++) {
            one.bootFinished(boot(one, Kind.FIRST, 2.8, 1, 5, 20, 0.0));
        }
        assertThat(one.groups()).isEqualTo(2);
    }

    @Test
    void aBacklogGrowsTheBootPoolWhereACoreIsIdleInsteadOfTakingAGroupAway() {
        AdmissionController c =
                new AdmissionController(new AdmissionController.Settings(true, 1, 2, true, 4, 4, Map.of()));
        List<Change> changes = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            changes.addAll(c.bootFinished(boot(c, Kind.FIRST, 2.8, 1, 4, 20, 1.0)));
        }
        assertThat(changes).extracting(Change::what, Change::to).containsExactly(tuple(Change.What.BOOTS, 2));
        assertThat(c.groups()).isEqualTo(4);
    }

    @Test
    void aBootPoolThatOnceRanShortInTheEpochKeepsItsGroups() {
        // --reset snapshot on the sweep's best point: bursts of waiting restores between short lulls
        AdmissionController c =
                new AdmissionController(new AdmissionController.Settings(false, 2, 2, true, 4, 4, Map.of()));
        for (int w : new int[] {4, 6, 5, 3, 4, 5, 9, 8, 7, 4}) {
            assertThat(c.bootFinished(boot(c, Kind.AGAIN, 0.7, 2, w, 12, 0.0))).isEmpty();
        }
        assertThat(c.groups()).isEqualTo(4);
        AdmissionController fixed =
                new AdmissionController(new AdmissionController.Settings(false, 2, 2, false, 4, 4, Map.of()));
        for (int i = 0; i < 12; i++) {
            assertThat(fixed.bootFinished(boot(fixed, Kind.FIRST, 2.8, 2, 10, 20, 0.0)))
                    .isEmpty();
        }
    }

    @Test
    void aTimeoutOnAnOverloadedMachineShedsLoadAndOnAQuietOneDoesNot() {
        AdmissionController c =
                new AdmissionController(new AdmissionController.Settings(true, 2, 4, true, 3, 4, Map.of()));
        assertThat(c.commandTimedOut(false)).isEmpty();
        assertThat(c.commandTimedOut(true))
                .extracting(Change::what, Change::to)
                .containsExactly(tuple(Change.What.GROUPS, 2), tuple(Change.What.BOOTS, 1));
    }

    @Test
    void fixedLimitsNeverChange() {
        AdmissionController c = new AdmissionController(AdmissionController.Settings.fixed(2, 3));
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 2.8, 2, 5, 10, 2.0))).isEmpty();
        assertThat(c.bootFinished(boot(c, Kind.FIRST, 9.8, 1, 5, 10, 2.0))).isEmpty();
        assertThat(c.commandTimedOut(true)).isEmpty();
        assertThat(c.boots()).isEqualTo(2);
        assertThat(c.groups()).isEqualTo(3);
    }
}
