package io.httppool.agent.instrumentation.apache5;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the static methods that make HttpClient 5's TLS socket factory or strategy with the library's
 * default or system settings: managers holding them may share connections.
 */
public final class TlsFactoryAdvice {
  private TlsFactoryAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Origin("#m") String method, @Advice.Return Object factory) {
    Dispatcher.run(Apache5Instrumentation.LIBRARY_TLS_FACTORY, factory, method);
  }
}
