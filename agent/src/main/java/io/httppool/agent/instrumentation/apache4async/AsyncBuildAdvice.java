package io.httppool.agent.instrumentation.apache4async;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpAsyncClientBuilder.build()}: a builder without a manager builds a client on the shared
 * one, then is restored.
 */
public final class AsyncBuildAdvice {
  private AsyncBuildAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object builder) {
    return Dispatcher.call(Apache4AsyncInstrumentation.BUILD_STARTING, null, builder);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object builder, @Advice.Enter Object restore) {
    if (restore != null) {
      Dispatcher.run(Apache4AsyncInstrumentation.BUILD_FINISHED, builder, restore);
    }
  }
}
