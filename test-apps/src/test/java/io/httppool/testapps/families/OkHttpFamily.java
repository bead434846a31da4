package io.httppool.testapps.families;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/** Tests of the agent with OkHttp 3, 4 and 5. Run them alone with {@code mvn -B verify -Dgroups=okhttp}. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("okhttp")
public @interface OkHttpFamily {
}
