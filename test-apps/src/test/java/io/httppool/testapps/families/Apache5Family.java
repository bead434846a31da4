package io.httppool.testapps.families;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tests of the agent with Apache HttpClient 5.x, classic and async. Run them alone with {@code mvn -B verify
 * -Dgroups=apache5}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("apache5")
public @interface Apache5Family {
}
