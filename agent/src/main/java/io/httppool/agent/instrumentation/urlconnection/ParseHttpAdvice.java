package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.AgentStatus;
import io.httppool.bootstrap.Dispatcher;
import io.httppool.bootstrap.JdkHttpInternals;
import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClient.parseHTTP(MessageHeader, ...)} (its other arguments differ between JDK 17 and
 * 25): a response arrived on the client. Its {@code Keep-Alive} header, read whether or not the JDK honours it
 * (it does only with {@code Connection: keep-alive}), is the server's idle timeout for the stale-connection guard.
 */
public final class ParseHttpAdvice {
  private ParseHttpAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object client, @Advice.Argument(0) Object responses) {
    Method headerValue = JdkHttpInternals.headerValue();
    if (headerValue != null) {
      try {
        Dispatcher.run(UrlConnectionInstrumentation.RESPONSE_PARSED, client, headerValue.invoke(responses, "Keep-Alive"));
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection stale guard", t);
      }
    }
  }
}
