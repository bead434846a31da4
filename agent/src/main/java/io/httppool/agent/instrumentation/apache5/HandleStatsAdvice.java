package io.httppool.agent.instrumentation.apache5;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into the classic {@code PoolingHttpClientConnectionManager.getTotalStats()} and
 * {@code getStats(HttpRoute)}: a handle reports its own use of the shared pool.
 */
public final class HandleStatsAdvice {
  private HandleStatsAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object manager, @Advice.AllArguments Object[] route,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object stats) {
    stats = Dispatcher.call(Apache5Instrumentation.HANDLE_STATS, stats, manager, route.length == 0 ? null : route[0],
        stats);
  }
}
