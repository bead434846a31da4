package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code AbstractHttpClient.createClientConnectionManager()}: a default manager becomes shared. */
public final class LegacyManagerAdvice {
  private LegacyManagerAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object client,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object manager) {
    if (manager != null) {
      manager = Dispatcher.call(Apache4Instrumentation.LEGACY_MANAGER_CREATED, manager, client, manager);
    }
  }
}
