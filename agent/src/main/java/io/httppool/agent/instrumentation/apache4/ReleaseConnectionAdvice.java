package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code PoolingHttpClientConnectionManager.releaseConnection}: the lease ends; a connection a handle
 * leased from a shared pool goes back to that pool instead of the manager's own.
 */
public final class ReleaseConnectionAdvice {
  private ReleaseConnectionAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean enter(@Advice.This Object manager, @Advice.Argument(0) Object connection,
      @Advice.Argument(1) Object state, @Advice.Argument(2) long keepAlive, @Advice.Argument(3) Object timeUnit) {
    return connection != null && Dispatcher.test(Apache4Instrumentation.CONNECTION_RELEASED, false, manager,
        connection, state, timeUnit, keepAlive);
  }
}
