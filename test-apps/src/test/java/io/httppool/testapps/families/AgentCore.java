package io.httppool.testapps.families;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tests of the agent as a whole, whatever the client: start-up, isolation, settings, telemetry export. Run them alone
 * with {@code mvn -B verify -Dgroups=core}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("core")
public @interface AgentCore {
}
