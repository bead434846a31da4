package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.UrlConnectionBridge;
import java.net.Socket;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpClient.closeServer()}: a connection is closed. */
public final class CloseServerAdvice {
  private CloseServerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object client, @Advice.FieldValue("serverSocket") Socket socket) {
    UrlConnectionBridge.closing(client, socket);
  }
}
