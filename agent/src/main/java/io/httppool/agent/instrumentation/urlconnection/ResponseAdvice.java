package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.UrlConnectionBridge;
import java.io.InputStream;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code sun.net.www.protocol.http.HttpURLConnection.getInputStream0()}, which
 * {@code getResponseCode()}, {@code getHeaderField*()} and {@code getInputStream()} all go through (http and
 * https). On the first call of a connection it records the request. When the body is small, the JDK's own
 * {@code KeepAliveStream.hurry()} moves it into the stream's buffer (waiting a short while for the rest when it
 * is still arriving, see {@link HurryAdvice}) and the connection goes back to the cache at once. The application
 * keeps the very stream objects the JDK made and reads the same bytes from them, later or never.
 */
public final class ResponseAdvice {
  private ResponseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Advice.FieldValue("inputStream") InputStream inputStream,
      @Advice.FieldValue("rememberedException") Object rememberedException) {
    return UrlConnectionBridge.requestStarting(inputStream, rememberedException);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This HttpURLConnection connection, @Advice.Enter long startNanos,
      @Advice.FieldValue("http") Object client, @Advice.FieldValue("inputStream") InputStream inputStream,
      @Advice.FieldValue("responseCode") int status, @Advice.Thrown Throwable error) {
    if (startNanos == 0L) {
      return;
    }
    UrlConnectionBridge.responded(connection, startNanos, status, error);
    if (UrlConnectionBridge.shouldDrain(connection, status, client, inputStream)) {
      try {
        Object body = UrlConnectionBridge.clientInputStream().invoke(client);
        if (UrlConnectionBridge.isKeepAliveStream(body)
            && Boolean.TRUE.equals(UrlConnectionBridge.clientIsKeepingAlive().invoke(client))) {
          UrlConnectionBridge.awaitOnNextHurry();
          boolean buffered;
          try {
            buffered = Boolean.TRUE.equals(UrlConnectionBridge.hurry().invoke(body));
          } finally {
            UrlConnectionBridge.awaitEnded();
          }
          if (buffered) {
            UrlConnectionBridge.clientFinished().invoke(client);
            UrlConnectionBridge.drained(connection);
          }
        }
      } catch (Throwable t) {
        UrlConnectionBridge.drainFailed(t);
      }
    }
  }
}
