package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.Dispatcher;
import java.net.URL;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpClient.New(URL, Proxy, int, boolean, HttpURLConnection)}: the http acquisition. */
public final class NewClientAdvice {
  private NewClientAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(3) boolean useCache) {
    Dispatcher.run(UrlConnectionInstrumentation.ACQUIRING, useCache);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) URL url, @Advice.Return Object client,
      @Advice.Thrown Throwable error) {
    Dispatcher.run(UrlConnectionInstrumentation.ACQUIRED, client, url, error);
  }
}
