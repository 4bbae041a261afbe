package dev.kvmrunner.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code mvn test} quick: a test class that needs root, QEMU, Chromium or libvirt is
 * {@link Slow} (it runs in {@code mvn verify}), whoever adds it.
 */
class SlowTagTest {
    /** What makes a test slow by itself: namespaces as root, a guest, a browser, a libvirt daemon. */
    private static final Set<String> SLOW_TOOLS = Set.of("root", "qemu-system-x86_64", "chromium", "virsh", "libvirtd");

    @Test
    void everyTestClassThatNeedsRootQemuChromiumOrLibvirtIsSlow() throws IOException, ClassNotFoundException {
        Path classes = Path.of("target", "test-classes");
        List<String> needingSlowTools = new ArrayList<>();
        List<String> notSlow = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith("Test.class")).toList()) {
                String name =
                        classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> test = Class.forName(name, false, getClass().getClassLoader());
                RequiresTools tools = test.getAnnotation(RequiresTools.class);
                if (tools != null && Stream.of(tools.value()).anyMatch(SLOW_TOOLS::contains)) {
                    needingSlowTools.add(test.getSimpleName());
                    if (!test.isAnnotationPresent(Slow.class)) {
                        notSlow.add(test.getName());
                    }
                }
            }
        }
        assertThat(needingSlowTools)
                .as("the scan finds the known ones")
                .contains("NetnsIntegrationTest", "QemuBackendTest", "HtmlReportChromiumTest");
        assertThat(notSlow)
                .as("classes needing root, QEMU, Chromium or libvirt without @Slow")
                .isEmpty();
    }

    @Test
    void slowCarriesTheTagThatTheBuildSplitsOn() {
        assertThat(Slow.class.getAnnotation(Tag.class).value()).isEqualTo("slow");
    }
}
