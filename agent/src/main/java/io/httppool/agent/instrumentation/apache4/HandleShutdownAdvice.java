package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code PoolingHttpClientConnectionManager.shutdown()}: a handle onto a shared pool ends. */
public final class HandleShutdownAdvice {
  private HandleShutdownAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object manager) {
    Dispatcher.run(Apache4Instrumentation.HANDLE_SHUTDOWN, manager);
  }
}
