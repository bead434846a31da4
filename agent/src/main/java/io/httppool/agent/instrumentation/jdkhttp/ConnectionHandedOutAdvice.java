package io.httppool.agent.instrumentation.jdkhttp;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpConnection.getConnection(address, client, request, version)}: the connection an exchange
 * gets, from the client's HTTP/1.1 pool or new (every new connection of a JDK client, HTTP/2 ones included).
 */
public final class ConnectionHandedOutAdvice {
  private ConnectionHandedOutAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Argument(2) Object request, @Advice.Return Object connection) {
    if (connection != null) {
      Dispatcher.run(JdkHttpInstrumentation.CONNECTION_HANDED_OUT, connection, request);
    }
  }
}
