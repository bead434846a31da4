package io.httppool.agent.instrumentation.jdkhttp;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/** Inlined into the {@code close()} of each of the JDK's connection classes. */
public final class ConnectionClosingAdvice {
  private ConnectionClosingAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object connection) {
    Dispatcher.run(JdkHttpInstrumentation.CONNECTION_CLOSING, connection);
  }
}
