package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.AgentStatus;
import io.httppool.bootstrap.Dispatcher;
import io.httppool.bootstrap.JdkHttpInternals;
import java.io.InputStream;
import java.lang.reflect.Method;
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
    if (inputStream != null || rememberedException != null) {
      return 0L;
    }
    return Dispatcher.number(UrlConnectionInstrumentation.REQUEST_STARTING, 0L, null, 0L);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This HttpURLConnection connection, @Advice.Enter long startNanos,
      @Advice.FieldValue("http") Object client, @Advice.FieldValue("inputStream") InputStream inputStream,
      @Advice.FieldValue("responseCode") int status, @Advice.Thrown Throwable error) {
    if (startNanos == 0L) {
      return;
    }
    Dispatcher.run(UrlConnectionInstrumentation.RESPONDED, connection, error, startNanos, status);
    Method hurry = JdkHttpInternals.hurry();
    if (client != null && inputStream != null && hurry != null && status > 0
        && Dispatcher.test(UrlConnectionInstrumentation.SHOULD_DRAIN, false, connection, status)) {
      try {
        Object body = JdkHttpInternals.clientInputStream().invoke(client);
        // the JDK's known-length keep-alive body stream is the only kind the agent buffers
        if (body != null && "sun.net.www.http.KeepAliveStream".equals(body.getClass().getName())
            && Boolean.TRUE.equals(JdkHttpInternals.clientIsKeepingAlive().invoke(client))) {
          Dispatcher.run(UrlConnectionInstrumentation.AWAITING_BODY, Boolean.TRUE);
          boolean buffered;
          try {
            buffered = Boolean.TRUE.equals(hurry.invoke(body));
          } finally {
            Dispatcher.run(UrlConnectionInstrumentation.AWAITING_BODY, Boolean.FALSE);
          }
          if (buffered) {
            JdkHttpInternals.clientFinished().invoke(client);
            Dispatcher.run(UrlConnectionInstrumentation.DRAINED, connection);
          }
        }
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection drain", t);
      }
    }
  }
}
