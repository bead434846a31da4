package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.JdkHttpInternals;
import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpURLConnection.ErrorStream.getErrorStream(InputStream, long, HttpClient)}, which the JDK
 * runs only with error stream buffering on (the agent turns it on unless the user chose). It lowers the
 * connection's read timeout to a fifth of the buffering timeout (60 ms by default) while it buffers, and puts the
 * old one back only when the body fits its buffer: for a larger error body the application would go on reading
 * with a 60 ms read timeout it never set, and a server pausing longer mid-body would fail the read. The exit puts
 * back the timeout the connection had on entry, whichever way the method ends.
 */
public final class ErrorStreamAdvice {
  /** Nothing read on entry: the exit leaves the timeout alone. */
  public static final int UNKNOWN = Integer.MIN_VALUE;

  private ErrorStreamAdvice() {}

  @Advice.OnMethodEnter
  public static int enter(@Advice.Argument(2) Object client) {
    Method read = JdkHttpInternals.clientReadTimeout();
    if (read == null || client == null) {
      return UNKNOWN;
    }
    try {
      return (Integer) read.invoke(client);
    } catch (Throwable t) {
      return UNKNOWN;
    }
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Argument(2) Object client, @Advice.Enter int timeout) throws Exception {
    Method write = JdkHttpInternals.clientSetReadTimeout();
    if (timeout != UNKNOWN && write != null) {
      write.invoke(client, timeout);
    }
  }
}
