package io.httppool.agent.instrumentation.apache5;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/** Inlined into the constructors of the pooling connection managers: every manager is observed. */
public final class ManagerConstructorAdvice {
  private ManagerConstructorAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object manager) {
    Dispatcher.run(Apache5Instrumentation.MANAGER_CREATED, manager);
  }
}
