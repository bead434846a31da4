package io.httppool.testapps.families;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Fast checks of the tested versions: the list of jar sets, README's table, and the compatibility gate. Run them alone
 * with {@code mvn -B verify -Dgroups=compatibility}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("compatibility")
public @interface Compatibility {
}
