package io.httppool.testapps.families;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Suites that run one scenario over every client family (faults, keep-alive races, transparency). Run them alone with
 * {@code mvn -B verify -Dgroups=cross-family}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("cross-family")
public @interface CrossFamily {
}
