package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.Dispatcher;
import java.net.URL;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code KeepAliveCache.put(URL, Object, HttpClient)}: a connection goes back to the cache. */
public final class CachePutAdvice {
  private CachePutAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) URL url, @Advice.Argument(2) Object client) {
    if (client != null) {
      Dispatcher.run(UrlConnectionInstrumentation.RELEASING, client, url);
    }
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit() {
    Dispatcher.run(UrlConnectionInstrumentation.RELEASED);
  }
}
