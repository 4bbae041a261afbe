package dev.kvmrunner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** --workers auto, KVM_WORKERS=auto and --prefixes COUNT|auto. */
class RunSettingsAutoTest {
    private static final SuiteConfig SUITE = SuiteConfig.defaults(Path.of("."));

    private static RunSettings resolve(
            OptionalInt workers,
            boolean workersAuto,
            List<String> prefixes,
            String prefixCount,
            Map<String, String> environment) {
        return RunSettings.resolve(
                new RunSettings.Flags(
                        workers,
                        prefixes,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        workersAuto,
                        Optional.ofNullable(prefixCount)),
                new Environment(environment),
                SUITE);
    }

    @Test
    void workersAutoFromTheFlagOrTheEnvironmentStartsAtOne() {
        RunSettings flag = resolve(OptionalInt.empty(), true, List.of(), null, Map.of());
        assertThat(flag.workersAuto()).isTrue();
        assertThat(flag.workers()).isEqualTo(1);
        RunSettings env = resolve(OptionalInt.empty(), false, List.of(), null, Map.of("KVM_WORKERS", "auto"));
        assertThat(env.workersAuto()).isTrue();
        // a number on the command line beats auto in the environment
        RunSettings both = resolve(OptionalInt.of(3), false, List.of(), null, Map.of("KVM_WORKERS", "auto"));
        assertThat(both.workersAuto()).isFalse();
        assertThat(both.workers()).isEqualTo(3);
    }

    @Test
    void aPrefixCountMakesUpThatManyPrefixes() {
        RunSettings three = resolve(OptionalInt.empty(), false, List.of(), "3", Map.of());
        assertThat(three.prefixes()).containsExactly("a.", "b.", "c.");
        assertThat(three.prefixesAuto()).isFalse();
    }

    @Test
    void prefixesAutoAdaptsOverTheListGivenOrOverMadeUpOnes() {
        RunSettings listed = resolve(OptionalInt.empty(), false, List.of("x.", "y."), "auto", Map.of());
        assertThat(listed.prefixesAuto()).isTrue();
        assertThat(listed.prefixes()).containsExactly("x.", "y.");
        RunSettings fromEnvironment =
                resolve(OptionalInt.empty(), false, List.of(), "auto", Map.of("KVM_PREFIXES", "t1. t2. t3."));
        assertThat(fromEnvironment.prefixes()).containsExactly("t1.", "t2.", "t3.");
        RunSettings counted = resolve(OptionalInt.empty(), false, List.of(), "auto:6", Map.of());
        assertThat(counted.prefixesAuto()).isTrue();
        assertThat(counted.prefixes()).containsExactly("a.", "b.", "c.", "d.", "e.", "f.");
        RunSettings madeUp = resolve(OptionalInt.empty(), false, List.of(), "auto", Map.of());
        assertThat(madeUp.prefixes())
                .hasSize(Math.min(26, 2 * Runtime.getRuntime().availableProcessors()))
                .startsWith("a.", "b.");
    }

    @Test
    void badCountsAndMixturesAreRefusedWithTheFlagNamed() {
        assertThatThrownBy(() -> resolve(OptionalInt.empty(), false, List.of(), "many", Map.of()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--prefixes many: expected a count (1 to 26) or auto");
        assertThatThrownBy(() -> resolve(OptionalInt.empty(), false, List.of(), "0", Map.of()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--prefixes 0: expected 1 to 26, or auto");
        assertThatThrownBy(() -> resolve(OptionalInt.empty(), false, List.of("a."), "2", Map.of()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("give a count or a list, not both");
        assertThatThrownBy(() -> resolve(OptionalInt.empty(), false, List.of(), null, Map.of("KVM_WORKERS", "lots")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("KVM_WORKERS='lots': expected a whole number of 1 or more, or auto");
    }
}
