package io.httppool.agent.instrumentation.apache5;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the classic {@code PoolingHttpClientConnectionManager.release}: an endpoint a handle leased from a
 * shared pool goes back to that pool instead of the manager's own.
 */
public final class HandleReleaseAdvice {
  private HandleReleaseAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean enter(@Advice.This Object manager, @Advice.Argument(0) Object endpoint,
      @Advice.Argument(1) Object state, @Advice.Argument(2) Object keepAlive) {
    return endpoint != null
        && Dispatcher.test(Apache5Instrumentation.HANDLE_RELEASE, false, manager, endpoint, state, keepAlive, 0);
  }
}
