package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code PoolingHttpClientConnectionManager.getStats(HttpRoute)}: a handle reports its own use of the
 * shared pool for the route.
 */
public final class HandleRouteStatsAdvice {
  private HandleRouteStatsAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object manager, @Advice.Argument(0) Object route,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object stats) {
    stats = Dispatcher.call(Apache4Instrumentation.HANDLE_STATS, stats, manager, route, stats);
  }
}
