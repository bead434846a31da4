package io.httppool.agent.instrumentation.apache5;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into the classic {@code PoolingHttpClientConnectionManager.lease}: the lease request is observed. */
public final class LeaseAdvice {
  private LeaseAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object manager, @Advice.Argument(1) Object route,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object leaseRequest) {
    if (leaseRequest != null) {
      leaseRequest = Dispatcher.call(Apache5Instrumentation.LEASED, leaseRequest, manager, route, leaseRequest);
    }
  }
}
