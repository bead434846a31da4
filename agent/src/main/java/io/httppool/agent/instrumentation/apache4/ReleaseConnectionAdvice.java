package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code PoolingHttpClientConnectionManager.releaseConnection}: the lease ends. */
public final class ReleaseConnectionAdvice {
  private ReleaseConnectionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object manager, @Advice.Argument(0) Object connection,
      @Advice.Argument(1) Object state, @Advice.Argument(2) long keepAlive, @Advice.Argument(3) Object timeUnit) {
    if (connection != null) {
      Dispatcher.run(Apache4Instrumentation.CONNECTION_RELEASED, manager, connection, state, timeUnit, keepAlive);
    }
  }
}
