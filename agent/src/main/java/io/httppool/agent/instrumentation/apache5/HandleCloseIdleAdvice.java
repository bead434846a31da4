package io.httppool.agent.instrumentation.apache5;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the classic {@code PoolingHttpClientConnectionManager.closeIdle(TimeValue)}: a handle closes the
 * shared pool's connections idle that long.
 */
public final class HandleCloseIdleAdvice {
  private HandleCloseIdleAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object manager, @Advice.Argument(0) Object idleTime) {
    Dispatcher.run(Apache5Instrumentation.HANDLE_CLOSE_IDLE, manager, idleTime);
  }
}
