package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code PoolingHttpClientConnectionManager.closeExpiredConnections}: a handle's reaches its shared pool. */
public final class HandleCloseExpiredAdvice {
  private HandleCloseExpiredAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object manager) {
    Dispatcher.run(Apache4Instrumentation.HANDLE_CLOSE_EXPIRED, manager);
  }
}
