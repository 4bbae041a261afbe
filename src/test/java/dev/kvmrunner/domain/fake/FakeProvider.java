package dev.kvmrunner.domain.fake;

import dev.kvmrunner.domain.Ability;
import dev.kvmrunner.domain.BackendProvider;
import dev.kvmrunner.domain.BackendSetting;
import dev.kvmrunner.domain.BackendSettings;
import dev.kvmrunner.domain.ConfiguredBackend;
import dev.kvmrunner.domain.Prerequisite;
import dev.kvmrunner.domain.SettingValues;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fake backend as a provider, registered from the test tree only
 * (src/test/resources/META-INF/services): proof that a backend is one package plus one
 * registration line, and a backend whose groups can be "elsewhere" (a location per prefix) for
 * the runner's per-machine boot pools.
 */
public final class FakeProvider implements BackendProvider {
    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String description() {
        return "a few lines of Java per domain (tests only)";
    }

    @Override
    public List<BackendSetting> settings() {
        return List.of(BackendSetting.of("fail-boot", "KVM_FAKE_FAIL_BOOT", "hosts whose boots fail")
                .withFlag("--fake-fail-boot", "HOST[,HOST...]"));
    }

    @Override
    public List<Prerequisite> prerequisites() {
        return List.of();
    }

    @Override
    public Set<Ability> abilities() {
        return Set.of(Ability.REMOTE_GROUPS);
    }

    @Override
    public ConfiguredBackend configure(BackendSettings settings) {
        SettingValues values = settings.values(this);
        List<String> failing = values.words("fail-boot");
        for (String host : failing) {
            if (!settings.knownHosts().contains(host)) {
                throw values.bad("fail-boot", "'" + host + "' is not a host of the suite");
            }
        }
        Map<String, String> locations = settings.locations();
        return ConfiguredBackend.of(List.of("fail-boot: " + String.join(",", failing)), () -> {
            FakeBackend backend = new FakeBackend().placed(locations);
            failing.forEach(backend::failBoot);
            return backend;
        });
    }
}
