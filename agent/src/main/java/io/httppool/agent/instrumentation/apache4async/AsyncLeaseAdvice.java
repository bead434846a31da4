package io.httppool.agent.instrumentation.apache4async;

import io.httppool.bootstrap.Dispatcher;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code PoolingNHttpClientConnectionManager.requestConnection}: the lease callback is observed, and a
 * shared manager's lease without a timeout gets the agent's.
 */
public final class AsyncLeaseAdvice {
  private AsyncLeaseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object manager, @Advice.Argument(0) Object route,
      @Advice.Argument(value = 3, readOnly = false) long leaseTimeout, @Advice.Argument(4) TimeUnit unit,
      @Advice.Argument(value = 5, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object callback) {
    if (unit == TimeUnit.MILLISECONDS) {
      leaseTimeout = Dispatcher.number(Apache4AsyncInstrumentation.LEASE_TIMEOUT, leaseTimeout, manager,
          leaseTimeout);
    }
    callback = Dispatcher.call(Apache4AsyncInstrumentation.CONNECTION_REQUESTED, callback, manager, route,
        callback);
  }
}
