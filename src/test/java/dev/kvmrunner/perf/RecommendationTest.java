package dev.kvmrunner.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvmrunner.admission.MachineRecord;
import org.junit.jupiter.api.Test;

/** recommend's arithmetic for libreswan's three profiles. */
class RecommendationTest {
    private static final MachineRecord.Entry TCG = new MachineRecord.Entry(2.8, 0.5, 2.6, 0, 0, 16);

    @Test
    void aDedicatedServerBootsOnEveryCoreAndKeepsThePoolBusyWithinMemory() {
        Recommendation sixteenCores = new Recommendation(16, 64 * 1024, 512, 4, TCG, 1.0);
        Recommendation.Advice server = sixteenCores.advise(Recommendation.Profile.SERVER);
        // a TCG boot keeps most of a core busy (2.6 of 2.8 s): 16 / 0.93 = 17
        assertThat(server.workers()).isEqualTo(17);
        // 17 workers x (1 + 1) = 34 groups wanted, memory allows 3/4 of 64 GiB / 2 GiB per group = 24
        assertThat(server.prefixes()).hasSize(24).startsWith("", "t1.", "t2.");
        assertThat(server.reasons().get(1)).contains("memory allows 24");
        assertThat(server.makefileLines())
                .contains("KVM_WORKERS=17")
                .anyMatch(l -> l.startsWith("KVM_PREFIXES='' t1. t2."));
    }

    @Test
    void aDesktopKeepsHalfOrAQuarterOfItsCoresForItsOwner() {
        Recommendation desktop = new Recommendation(8, 32 * 1024, 512, 4, MachineRecord.Entry.NONE, 1.0);
        Recommendation.Advice development = desktop.advise(Recommendation.Profile.DEVELOPMENT);
        assertThat(development.workers()).isEqualTo(4);
        assertThat(development.prefixes()).containsExactly("");
        assertThat(development.reasons().get(0)).contains("half of 8 cores", "no boot recorded yet");
        Recommendation.Advice baseline = desktop.advise(Recommendation.Profile.BASELINE);
        assertThat(baseline.workers()).isEqualTo(2);
        assertThat(baseline.prefixes()).containsExactly("b1.", "b2.");
        assertThat(baseline.makefileLines()).containsSubsequence("KVM_WORKERS=2", "KVM_PREFIXES=b1. b2.");
    }

    @Test
    void aSmallMachineStillGetsOneWorkerAndOneGroup() {
        Recommendation tiny = new Recommendation(1, 1024, 512, 4, TCG, 3.0);
        assertThat(tiny.advise(Recommendation.Profile.BASELINE).workers()).isEqualTo(1);
        assertThat(tiny.advise(Recommendation.Profile.SERVER).prefixes()).containsExactly("");
    }
}
