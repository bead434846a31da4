package io.httppool.testapps.families;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tests of what an operator watches: JMX, Prometheus and the Grafana dashboard. Run them alone with {@code mvn -B
 * verify -Dgroups=observe}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("observe")
public @interface Observe {
}
