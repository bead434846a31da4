package io.httppool.agent.instrumentation.apache5;

import io.httppool.bootstrap.Apache5Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into the classic {@code PoolingHttpClientConnectionManager.lease}: the lease request is observed. */
public final class LeaseAdvice {
  private LeaseAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object manager, @Advice.Argument(1) Object route,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object leaseRequest) {
    leaseRequest = Apache5Bridge.leased(manager, route, leaseRequest);
  }
}
