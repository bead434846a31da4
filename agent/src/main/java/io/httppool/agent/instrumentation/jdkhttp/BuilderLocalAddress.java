package io.httppool.agent.instrumentation.jdkhttp;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link BuildAdvice} parameter: the builder's {@code localAddr} field (JDK 19+), or null on a JDK whose
 * builder has none; bound by {@link JdkHttpInstrumentation}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface BuilderLocalAddress {
}
