package io.httppool.agent.instrumentation.apache5;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code PoolingAsyncClientConnectionManager.lease}: the lease callback is observed. */
public final class AsyncLeaseAdvice {
  private AsyncLeaseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object manager, @Advice.Argument(0) Object id,
      @Advice.Argument(1) Object route,
      @Advice.Argument(value = 3, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object timeout,
      @Advice.Argument(value = 4, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object callback) {
    timeout = Dispatcher.call(Apache5Instrumentation.ASYNC_LEASE_TIMEOUT, timeout, manager, route, timeout);
    callback = Dispatcher.call(Apache5Instrumentation.ASYNC_LEASING, callback, manager, id, route, callback);
  }
}
