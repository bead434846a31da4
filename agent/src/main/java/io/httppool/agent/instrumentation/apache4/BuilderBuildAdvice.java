package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Apache4Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientBuilder.build()}: a builder without a manager gets the shared one, then is restored.
 */
public final class BuilderBuildAdvice {
  private BuilderBuildAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object builder) {
    return Apache4Bridge.buildStarting(builder);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object builder, @Advice.Enter Object restore) {
    Apache4Bridge.buildFinished(builder, restore);
  }
}
