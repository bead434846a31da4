package io.httppool.testapps.families;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tests of the agent with the JDK's {@code java.net.http.HttpClient}. Run them alone with {@code mvn -B verify
 * -Dgroups=jdkhttp}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("jdkhttp")
public @interface JdkHttpFamily {
}
