package io.httppool.agent.instrumentation.apache5;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code HttpClients.createMinimal()}: hands out a minimal client on the shared manager instead. */
public final class MinimalClientAdvice {
  private MinimalClientAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object client) {
    if (client != null) {
      client = Dispatcher.call(Apache5Instrumentation.MINIMAL_CLIENT_CREATED, client, client);
    }
  }
}
