package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/** Inlined into the constructors of {@code PoolingHttpClientConnectionManager}: the agent observes every one. */
public final class ManagerConstructorAdvice {
  private ManagerConstructorAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object manager) {
    Dispatcher.run(Apache4Instrumentation.MANAGER_CREATED, manager);
  }
}
