package io.httppool.agent.instrumentation.apache5;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into the classic {@code PoolingHttpClientConnectionManager.lease}: the lease request is observed; a
 * manager that is a handle onto a shared pool leases from that pool instead of its own.
 */
public final class LeaseAdvice {
  private LeaseAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Object enter(@Advice.This Object manager, @Advice.Argument(1) Object route,
      @Advice.Argument(2) Object timeout, @Advice.Argument(3) Object state) {
    return Dispatcher.call(Apache5Instrumentation.HANDLE_LEASE, null, manager, route, timeout, state);
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object manager, @Advice.Argument(1) Object route,
      @Advice.Enter Object fromSharedPool,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object leaseRequest) {
    if (fromSharedPool != null) {
      leaseRequest = fromSharedPool;
    } else if (leaseRequest != null) {
      leaseRequest = Dispatcher.call(Apache5Instrumentation.LEASED, leaseRequest, manager, route, leaseRequest);
    }
  }
}
