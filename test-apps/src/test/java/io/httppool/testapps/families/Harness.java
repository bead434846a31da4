package io.httppool.testapps.families;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tests of the test harness itself: the local HTTP server, child JVMs, test certificates. Run them alone with {@code
 * mvn -B verify -Dgroups=harness}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("harness")
public @interface Harness {
}
