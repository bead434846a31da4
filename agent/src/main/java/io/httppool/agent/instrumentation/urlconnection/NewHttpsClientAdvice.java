package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.Dispatcher;
import java.net.URL;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpsClient.New(SSLSocketFactory, URL, HostnameVerifier, Proxy, boolean, int,
 * HttpURLConnection)}: the https acquisition.
 */
public final class NewHttpsClientAdvice {
  private NewHttpsClientAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(2) Object hostnameVerifier, @Advice.Argument(4) boolean useCache) {
    Dispatcher.run(UrlConnectionInstrumentation.ACQUIRING_TLS, hostnameVerifier, useCache);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Argument(1) URL url, @Advice.Return Object client,
      @Advice.Thrown Throwable error) {
    Dispatcher.run(UrlConnectionInstrumentation.ACQUIRED, client, url, error);
  }
}
