package io.httppool.agent.instrumentation.apache5;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the async client's {@code start()}: a client on a shared engine is started on the calling thread,
 * without the thread of its own the library would start it on.
 */
public final class AsyncClientStartAdvice {
  private AsyncClientStartAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean enter(@Advice.This Object client) {
    return Dispatcher.test(Apache5Instrumentation.ASYNC_CLIENT_STARTING, false, client);
  }
}
