package io.httppool.agent.instrumentation.okhttp;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code RealConnection.isHealthy(boolean)}, which OkHttp asks before it reuses a pooled
 * connection: a connection OkHttp finds healthy may still be one the server is about to close, or has closed.
 */
public final class ConnectionHealthAdvice {
  private ConnectionHealthAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object connection, @Advice.Return(readOnly = false) boolean healthy) {
    if (healthy) {
      healthy = Dispatcher.test(OkHttpInstrumentation.MAY_REUSE, true, connection);
    }
  }
}
