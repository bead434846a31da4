package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code SSLConnectionSocketFactory.getSocketFactory()} and {@code getSystemSocketFactory()}: the
 * library's own default TLS settings, which managers holding them may share.
 */
public final class TlsFactoryAdvice {
  private TlsFactoryAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Origin("#m") String method, @Advice.Return Object factory) {
    Dispatcher.run(Apache4Instrumentation.LIBRARY_TLS_FACTORY, factory, method);
  }
}
