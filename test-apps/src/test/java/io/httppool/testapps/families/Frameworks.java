package io.httppool.testapps.families;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/** Tests of real frameworks over the client families. Run them alone with {@code mvn -B verify -Dgroups=frameworks}. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("frameworks")
public @interface Frameworks {
}
