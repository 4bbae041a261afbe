package dev.kvmrunner.domain;

import java.util.Optional;

/**
 * One setting of a backend, readable three ways; a flag beats the environment, which beats the
 * suite config file, which beats the backend's default.
 *
 * @param key         the key in the backend's own table of kvmrunner.toml ({@code [qemu] accel})
 * @param environment the environment variable ({@code KVM_QEMU_ACCEL})
 * @param flag        the command-line flag of {@code run}, {@code sh}, {@code install} and
 *                    {@code uninstall} ({@code --accel}); empty when there is none
 * @param paramLabel  how the flag's value is shown in {@code --help}
 * @param description for {@code --help} and the docs, with the default
 */
public record BackendSetting(
        String key, String environment, Optional<String> flag, String paramLabel, String description) {

    /** A setting of the table and the environment only. */
    public static BackendSetting of(String key, String environment, String description) {
        return new BackendSetting(key, environment, Optional.empty(), "VALUE", description);
    }

    /** This setting with command-line FLAG, its value shown as PARAM_LABEL. */
    public BackendSetting withFlag(String newFlag, String newParamLabel) {
        return new BackendSetting(key, environment, Optional.of(newFlag), newParamLabel, description);
    }
}
