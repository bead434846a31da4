package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.Dispatcher;
import java.net.Socket;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpClient.closeServer()}: a connection is closed. */
public final class CloseServerAdvice {
  private CloseServerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object client, @Advice.FieldValue("serverSocket") Socket socket) {
    if (socket != null && !socket.isClosed()) {
      Dispatcher.run(UrlConnectionInstrumentation.CLOSING, client);
    }
  }
}
