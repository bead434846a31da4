package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code PoolingHttpClientConnectionManager.closeIdleConnections}: a handle's reaches its shared pool. */
public final class HandleCloseIdleAdvice {
  private HandleCloseIdleAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object manager, @Advice.Argument(0) long idle,
      @Advice.Argument(1) Object timeUnit) {
    Dispatcher.run(Apache4Instrumentation.HANDLE_CLOSE_IDLE, manager, timeUnit, 0L, idle);
  }
}
