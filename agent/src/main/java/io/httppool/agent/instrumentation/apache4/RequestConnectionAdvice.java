package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Apache4Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code PoolingHttpClientConnectionManager.requestConnection}: the lease is reported. */
public final class RequestConnectionAdvice {
  private RequestConnectionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object manager, @Advice.Argument(0) Object route,
      @Advice.Argument(value = 1, readOnly = false) Object state) {
    state = Apache4Bridge.connectionState(manager, route, state);
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object manager, @Advice.Argument(0) Object route,
      @Advice.Argument(1) Object state,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request) {
    request = Apache4Bridge.connectionRequested(manager, route, state, request);
  }
}
