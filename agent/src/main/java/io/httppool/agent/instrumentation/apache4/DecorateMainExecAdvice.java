package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code HttpClientBuilder.decorateMainExec}: the main exec chain (below the library's retry) gets
 * the agent's stale-connection retry around it.
 */
public final class DecorateMainExecAdvice {
  private DecorateMainExecAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object builder,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object chain) {
    if (chain != null) {
      chain = Dispatcher.call(Apache4Instrumentation.MAIN_EXEC_DECORATED, chain, builder, chain);
    }
  }
}
