package io.httppool.agent.instrumentation.apache5;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientBuilder.build()} and {@code HttpAsyncClientBuilder.build()}: lets the agent give
 * the builder a connection manager for the duration of the call, and takes it back afterwards (the client built,
 * null if the build failed, goes with it).
 */
public final class BuildAdvice {
  private BuildAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object builder) {
    return Dispatcher.call(Apache5Instrumentation.BUILD_STARTING, null, builder);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void exit(@Advice.This Object builder, @Advice.Enter Object token, @Advice.Return Object client) {
    if (token != null) {
      Dispatcher.run(Apache5Instrumentation.BUILD_FINISHED, builder, token, client);
    }
  }
}
