package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.Dispatcher;
import java.net.Socket;
import java.net.URL;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpClient.openServer(String, int)}: every new TCP connection, http and https. */
public final class OpenServerAdvice {
  private OpenServerAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object client, @Advice.FieldValue("url") URL url,
      @Advice.FieldValue("serverSocket") Socket socket) {
    Dispatcher.run(UrlConnectionInstrumentation.CONNECTED, client, url, socket);
  }
}
