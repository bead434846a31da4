package io.httppool.agent.instrumentation.jdkhttp;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ConnectionPool.returnToPool(connection, now, keepAlive)}: an HTTP/1.1 connection goes idle. */
public final class ConnectionReturnedAdvice {
  private ConnectionReturnedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) Object connection) {
    Dispatcher.run(JdkHttpInstrumentation.CONNECTION_RETURNED, connection);
  }
}
