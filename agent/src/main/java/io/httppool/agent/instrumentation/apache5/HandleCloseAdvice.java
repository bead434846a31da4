package io.httppool.agent.instrumentation.apache5;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/** Inlined into the classic {@code PoolingHttpClientConnectionManager.close(CloseMode)}: a handle ends. */
public final class HandleCloseAdvice {
  private HandleCloseAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object manager, @Advice.Argument(0) Object closeMode) {
    Dispatcher.run(Apache5Instrumentation.HANDLE_CLOSED, manager, closeMode);
  }
}
