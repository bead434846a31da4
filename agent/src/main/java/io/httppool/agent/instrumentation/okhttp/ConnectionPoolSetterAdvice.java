package io.httppool.agent.instrumentation.okhttp;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code OkHttpClient.Builder.connectionPool(pool)}: a pool the application chose becomes a handle onto
 * the shared pool when interchangeable, and is kept otherwise.
 */
public final class ConnectionPoolSetterAdvice {
  private ConnectionPoolSetterAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) Object pool) {
    Dispatcher.run(OkHttpInstrumentation.POOL_CHOSEN, pool);
  }
}
