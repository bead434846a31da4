package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.UrlConnectionBridge;
import java.io.InputStream;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code sun.net.www.protocol.http.HttpURLConnection.getInputStream0()}, which
 * {@code getResponseCode()}, {@code getHeaderField*()} and {@code getInputStream()} all go through (http and
 * https). On the first call of a connection it records the request. When the body is small and has fully
 * arrived it reads it into the body stream's own buffer and returns the connection to the cache at once: the
 * application still reads the same bytes from the same stream, later or never. When the small body is still
 * arriving, it is read with a short time budget and the application gets a stream over the buffered bytes.
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
      @Advice.FieldValue("http") Object client,
      @Advice.FieldValue(value = "inputStream", readOnly = false) InputStream inputStream,
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
          if (Boolean.TRUE.equals(UrlConnectionBridge.hurry().invoke(body))) {
            UrlConnectionBridge.clientFinished().invoke(client);
            UrlConnectionBridge.drained(connection);
          } else {
            InputStream replacement = UrlConnectionBridge.bufferBody(connection, client, inputStream);
            if (replacement != null) {
              inputStream = replacement;
            }
          }
        }
      } catch (Throwable t) {
        UrlConnectionBridge.drainFailed(t);
      }
    }
  }
}
