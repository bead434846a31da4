package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code PoolingHttpClientConnectionManager.requestConnection}: the lease is reported. */
public final class RequestConnectionAdvice {
  private RequestConnectionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object manager, @Advice.Argument(0) Object route,
      @Advice.Argument(value = 1, readOnly = false) Object state) {
    if (state == null) {
      state = Dispatcher.call(Apache4Instrumentation.CONNECTION_STATE, null, manager, route, null);
    }
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object manager, @Advice.Argument(0) Object route,
      @Advice.Argument(1) Object state,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request) {
    if (request != null) {
      request = Dispatcher.call(Apache4Instrumentation.CONNECTION_REQUESTED, request, manager, route, state, request);
    }
  }
}
