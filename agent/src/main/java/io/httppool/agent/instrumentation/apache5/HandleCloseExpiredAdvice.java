package io.httppool.agent.instrumentation.apache5;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the classic {@code PoolingHttpClientConnectionManager.closeExpired()}: a handle closes the shared
 * pool's expired connections.
 */
public final class HandleCloseExpiredAdvice {
  private HandleCloseExpiredAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object manager) {
    Dispatcher.run(Apache5Instrumentation.HANDLE_CLOSE_EXPIRED, manager);
  }
}
