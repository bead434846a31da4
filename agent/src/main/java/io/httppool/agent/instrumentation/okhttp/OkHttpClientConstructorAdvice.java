package io.httppool.agent.instrumentation.okhttp;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code OkHttpClient(Builder)}: lets the agent adjust the builder before the client reads it. */
public final class OkHttpClientConstructorAdvice {
  private OkHttpClientConstructorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) Object builder) {
    Dispatcher.run(OkHttpInstrumentation.CLIENT_CREATING, builder);
  }
}
