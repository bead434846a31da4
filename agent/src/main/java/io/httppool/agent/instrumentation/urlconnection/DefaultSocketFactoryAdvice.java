package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.Dispatcher;
import javax.net.ssl.SSLSocketFactory;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpsURLConnection.getDefaultSSLSocketFactory()}: when this call created the default
 * factory (the field was still null), every racing creator ends up with the first one. A factory the application
 * set with {@code setDefaultSSLSocketFactory} is never touched.
 */
public final class DefaultSocketFactoryAdvice {
  private DefaultSocketFactoryAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static boolean enter(@Advice.FieldValue("defaultSSLSocketFactory") SSLSocketFactory current) {
    return current == null;
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Enter boolean createdHere,
      @Advice.FieldValue(value = "defaultSSLSocketFactory", readOnly = false) SSLSocketFactory field,
      @Advice.Return(readOnly = false) SSLSocketFactory factory) {
    if (createdHere) {
      SSLSocketFactory first = (SSLSocketFactory) Dispatcher.call(UrlConnectionInstrumentation.FIRST_DEFAULT_FACTORY, factory, factory);
      if (first != factory) {
        field = first;
        factory = first;
      }
    }
  }
}
