package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code PoolingHttpClientConnectionManager.requestConnection}: the lease is reported; a manager that
 * is a handle onto a shared pool leases from that pool instead of its own.
 */
public final class RequestConnectionAdvice {
  private RequestConnectionAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Object enter(@Advice.This Object manager, @Advice.Argument(0) Object route,
      @Advice.Argument(value = 1, readOnly = false) Object state) {
    if (state == null) {
      state = Dispatcher.call(Apache4Instrumentation.CONNECTION_STATE, null, manager, route, null);
    }
    return Dispatcher.call(Apache4Instrumentation.HANDLE_LEASE, null, manager, route, state);
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object manager, @Advice.Argument(0) Object route,
      @Advice.Argument(1) Object state, @Advice.Enter Object fromSharedPool,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request) {
    if (fromSharedPool != null) {
      request = fromSharedPool;
    } else if (request != null) {
      request = Dispatcher.call(Apache4Instrumentation.CONNECTION_REQUESTED, request, manager, route, state, request);
    }
  }
}
