package dev.kvmrunner.testing;

import dev.kvmrunner.doctor.Doctor;
import dev.kvmrunner.doctor.Prerequisites;
import dev.kvmrunner.domain.Prerequisite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test whose {@link RequiresTools} are not on this machine, with the reason and the
 * Debian package to install; and appends one line per skipped test and tool to
 * {@code target/skipped-tools.txt}, which {@code ./test.sh} sums up at the end.
 *
 * <p>Programs are looked up as the doctor does (PATH plus the sbin directories), "root" is the
 * uid. {@code KVMRUNNER_TESTS_HIDE=gawk,root} makes tools count as missing, to try the skips on
 * a machine that has everything.
 */
public final class RequiredTools implements ExecutionCondition {
    /** Where the skips are recorded (Maven runs tests in the project directory). */
    public static final Path SKIP_LOG = Path.of("target", "skipped-tools.txt");

    /** Tools the doctor's table does not know (only tests use them), with their Debian package. */
    private static final Map<String, String> TEST_ONLY_PACKAGES = Map.of(
            "chromium", "chromium",
            "make", "make",
            "busybox", "busybox-static",
            "dpkg-deb", "dpkg",
            "mount", "mount",
            "qemu-img", "qemu-utils",
            "mmdebstrap", "mmdebstrap",
            "mke2fs", "e2fsprogs");

    private static final Doctor DOCTOR = Doctor.ofThisMachine(System.getenv(), Prerequisite.runsAsRoot());
    private static final Set<String> HIDDEN = Arrays.stream(
                    System.getenv().getOrDefault("KVMRUNNER_TESTS_HIDE", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());

    /** True when TOOL (a program name or "root") is on this machine. */
    public static boolean present(String tool) {
        if (HIDDEN.contains(tool)) {
            return false;
        }
        return DOCTOR.present(tool.equals("root") ? new Prerequisite.Root() : new Prerequisite.Program(tool));
    }

    /** What makes TOOL present: a Debian package name, or empty for root. */
    public static Optional<String> packageOf(String tool) {
        if (tool.equals("root")) {
            return Optional.empty();
        }
        return Prerequisites.packageOf(tool).or(() -> Optional.ofNullable(TEST_ONLY_PACKAGES.get(tool)));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<AnnotatedElement> element = context.getElement();
        RequiresTools required =
                element.map(e -> e.getAnnotation(RequiresTools.class)).orElse(null);
        if (required == null) {
            return ConditionEvaluationResult.enabled("no outside tools required here");
        }
        List<String> missing =
                Arrays.stream(required.value()).filter(t -> !present(t)).toList();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("has " + String.join(", ", required.value()));
        }
        String test = context.getRequiredTestClass().getSimpleName()
                + context.getTestMethod().map(m -> "#" + m.getName()).orElse("");
        record(missing, test);
        return ConditionEvaluationResult.disabled(
                "needs " + missing.stream().map(RequiredTools::describe).collect(Collectors.joining(", ")));
    }

    private static String describe(String tool) {
        return tool.equals("root")
                ? "root (run as root)"
                : tool
                        + packageOf(tool)
                                .map(p -> " (apt-get install " + p + ")")
                                .orElse("");
    }

    private static synchronized void record(List<String> missing, String test) {
        List<String> lines = new ArrayList<>();
        for (String tool : missing) {
            lines.add(tool + "\t" + packageOf(tool).orElse("-") + "\t" + test);
        }
        try {
            Files.createDirectories(SKIP_LOG.toAbsolutePath().getParent());
            Files.write(SKIP_LOG, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
