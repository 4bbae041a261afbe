package dev.kvmrunner.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that starts real machinery and takes seconds: root and network namespaces, QEMU
 * guests, Chromium, libvirt, whole {@code kvmrunner} runs in a child JVM, signals. {@code mvn
 * test} (surefire) leaves these out, so it is a quick loop for developers; {@code mvn verify}
 * ({@code ./test.sh}, CI) runs them too, through failsafe. Its tag is "slow".
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("slow") // the tag pom.xml's surefire excludes and failsafe runs
public @interface Slow {}
