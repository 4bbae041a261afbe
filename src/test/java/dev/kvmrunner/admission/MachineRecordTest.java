package dev.kvmrunner.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineRecordTest {
    @TempDir
    Path dir;

    @Test
    void keepsOneEntryPerCostKeyAndFindsABackendsEntryByItsPrefix() {
        MachineRecord record = new MachineRecord(dir.resolve("state/machine.json"));
        assertThat(record.read("qemu/tcg/boot")).isEqualTo(MachineRecord.Entry.NONE);
        record.update("qemu/tcg/boot", old -> new MachineRecord.Entry(2.8, 2.7, 2.6, 2, 3, 2));
        record.update("process", old -> new MachineRecord.Entry(0.01, 0.01, 0, 0, 0, 2));
        assertThat(record.read("qemu/tcg/boot").boots()).isEqualTo(2);
        assertThat(record.readFirst("qemu").firstBoot()).isEqualTo(2.8);
        assertThat(record.read("process").firstBoot()).isEqualTo(0.01);
        assertThat(record.read("qemu/tcg/boot").unloaded())
                .containsOnlyKeys(BootSample.Kind.FIRST, BootSample.Kind.AGAIN);
        assertThat(record.costliest())
                .get()
                .extracting(Map.Entry::getKey)
                .as("what recommend uses by default")
                .isEqualTo("qemu/tcg/boot");
        assertThat(new MachineRecord(dir.resolve("none.json")).costliest()).isEmpty();
    }

    @Test
    void theLoneBootsOfRunsSurviveARoundTripAndAnOlderFileWithoutThemStillReads() throws IOException {
        Path file = dir.resolve("machine.json");
        Files.writeString(
                file,
                "{\"backends\": {\"qemu/tcg/boot\": {\"firstBoot\": 2.9, \"again\": 2.9, \"boots\": 1,"
                        + " \"groups\": 1, \"cores\": 2}}}");
        MachineRecord record = new MachineRecord(file);
        assertThat(record.read("qemu/tcg/boot").alone()).isEmpty();
        record.update(
                "qemu/tcg/boot",
                old -> new MachineRecord.Entry(
                        old.firstBoot(), old.again(), 0, 1, 1, 2, java.util.List.of(5.0, 4.6), java.util.List.of()));
        MachineRecord.Entry read = new MachineRecord(file).read("qemu/tcg/boot");
        assertThat(read.aloneFirst()).containsExactly(5.0, 4.6);
        assertThat(read.alone()).containsOnlyKeys(BootSample.Kind.FIRST);
        assertThat(read.firstBoot()).isEqualTo(2.9);
        // bench boot's new costs replace the costs; the limits runs learned stay, and its times join
        // the lone boots as one sample each
        record.update("qemu/tcg/boot", old -> old.withBootCosts(3.1, 3.0, 2.7, 2));
        MachineRecord.Entry benched = new MachineRecord(file).read("qemu/tcg/boot");
        assertThat(benched.firstBoot()).isEqualTo(3.1);
        assertThat(benched.cpuPerBoot()).isEqualTo(2.7);
        assertThat(benched.aloneFirst()).containsExactly(5.0, 4.6, 3.1);
        assertThat(benched.aloneAgain()).containsExactly(3.0);
        assertThat(benched.boots()).isEqualTo(1);
    }

    @Test
    void scriptLoadsAreKeptPerBackendBesideTheBootCostsAndNewOnesReplaceOldOnes() throws IOException {
        Path file = dir.resolve("machine.json");
        // a record from before script loads were kept
        Files.writeString(file, "{\"backends\": {\"qemu/tcg/boot\": {\"firstBoot\": 2.9, \"boots\": 2}}}");
        MachineRecord record = new MachineRecord(file);
        assertThat(record.scriptLoads("qemu/tcg/boot")).isEmpty();
        record.updateScriptLoads("qemu/tcg/boot", Map.of("deadline-01", 0.34, "ping-01", 0.12, "loop", 0.5));
        // more replaces; less keeps 0.8 of what was recorded where that is more (a loaded run measures less)
        record.updateScriptLoads("qemu/tcg/boot", Map.of("deadline-01", 0.41, "ping-01", 0.05, "loop", 0.1));
        record.updateScriptLoads("qemu/tcg/snapshot", Map.of());
        // a later update of the boot costs keeps them, and theirs keeps the costs
        record.update("qemu/tcg/boot", old -> new MachineRecord.Entry(3.0, 3.0, 0, 3, 2, 2));
        MachineRecord again = new MachineRecord(file);
        assertThat(again.scriptLoads("qemu/tcg/boot"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("deadline-01", 0.41, "ping-01", 0.096, "loop", 0.4));
        assertThat(again.scriptLoads("qemu/tcg/snapshot")).isEmpty();
        assertThat(again.read("qemu/tcg/boot").boots()).isEqualTo(3);
        // bench simulate names the backend only: the loads of its first recorded key serve
        assertThat(again.scriptLoadsFirst("qemu")).containsEntry("deadline-01", 0.41);
        assertThat(again.scriptLoadsFirst("qemu/tcg/boot")).containsEntry("loop", 0.4);
        assertThat(again.scriptLoadsFirst("netns")).isEmpty();
    }

    @Test
    void benchBootKeepsOnlyTheMostRecentLoneBoots() {
        java.util.List<Double> full = java.util.Collections.nCopies(UnloadedTimes.KEPT, 5.0);
        MachineRecord.Entry entry =
                new MachineRecord.Entry(0, 0, 0, 1, 1, 2, full, java.util.List.of()).withBootCosts(3.1, 0, 2.7, 2);
        assertThat(entry.aloneFirst()).hasSize(UnloadedTimes.KEPT).endsWith(3.1);
        assertThat(entry.aloneAgain()).as("an unknown reset time is no sample").isEmpty();
    }

    @Test
    void aBrokenFileIsOnlyALostHintAndAnUnwritableOneIsReportedNotThrown() throws IOException {
        Path file = dir.resolve("machine.json");
        Files.writeString(file, "{ not json");
        MachineRecord record = new MachineRecord(file);
        assertThat(record.read("qemu")).isEqualTo(MachineRecord.Entry.NONE);
        Files.writeString(dir.resolve("plain-file"), "x");
        MachineRecord unwritable = new MachineRecord(dir.resolve("plain-file/machine.json"));
        assertThat(unwritable.update("qemu", old -> old))
                .get()
                .asString()
                .startsWith("cannot record this machine's boot costs");
    }
}
