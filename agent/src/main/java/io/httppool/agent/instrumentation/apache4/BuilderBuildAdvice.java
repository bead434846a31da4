package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientBuilder.build()}: a builder without a manager gets the shared one, then is restored.
 */
public final class BuilderBuildAdvice {
  private BuilderBuildAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object builder) {
    return Dispatcher.call(Apache4Instrumentation.BUILD_STARTING, null, builder);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object builder, @Advice.Enter Object restore) {
    if (restore != null) {
      Dispatcher.run(Apache4Instrumentation.BUILD_FINISHED, builder, restore);
    }
  }
}
