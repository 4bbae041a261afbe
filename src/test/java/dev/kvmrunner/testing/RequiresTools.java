package dev.kvmrunner.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The outside tools a test class or method needs: program names looked up on PATH (and the sbin
 * directories), or {@code "root"}. Without one of them the test is skipped with the reason and
 * the Debian package that provides it, so {@code ./test.sh} passes on a machine with only Java
 * and Maven. See {@link RequiredTools}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiredTools.class)
public @interface RequiresTools {
    /** Program names, or "root". */
    String[] value();
}
