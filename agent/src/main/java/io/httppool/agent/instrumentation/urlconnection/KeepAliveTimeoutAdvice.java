package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.Dispatcher;
import java.net.URL;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClient.getKeepAliveTimeout()}, read by {@code KeepAliveCache.put} when it creates the
 * idle list of a destination: the idle timeout of that destination.
 */
public final class KeepAliveTimeoutAdvice {
  private KeepAliveTimeoutAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.FieldValue("url") URL url, @Advice.Return(readOnly = false) int timeout) {
    if (url != null) {
      timeout = (int) Dispatcher.number(UrlConnectionInstrumentation.KEEP_ALIVE_TIMEOUT, timeout, url, timeout);
    }
  }
}
