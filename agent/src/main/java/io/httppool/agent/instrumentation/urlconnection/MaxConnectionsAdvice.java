package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code KeepAliveCache.getMaxConnections()}, whose only caller is the per-destination list's
 * {@code put} inside {@code KeepAliveCache.put}: the idle cap of the destination being released to.
 */
public final class MaxConnectionsAdvice {
  private MaxConnectionsAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return(readOnly = false) int max) {
    max = (int) Dispatcher.number(UrlConnectionInstrumentation.MAX_IDLE, max, null, max);
  }
}
