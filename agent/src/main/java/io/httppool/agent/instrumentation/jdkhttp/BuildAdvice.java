package io.httppool.agent.instrumentation.jdkhttp;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code HttpClientBuilderImpl.build()}: answers the caller's client on a shared one
 * instead of building a new client (with its own selector thread and connections). Field order: see
 * {@link JdkHttpSupport}.
 */
public final class BuildAdvice {
  private BuildAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Object enter(@Advice.This Object builder,
      @Advice.FieldValue("cookieHandler") Object cookieHandler,
      @Advice.FieldValue("connectTimeout") Object connectTimeout,
      @Advice.FieldValue("followRedirects") Object followRedirects,
      @Advice.FieldValue("proxy") Object proxy,
      @Advice.FieldValue("authenticator") Object authenticator,
      @Advice.FieldValue("version") Object version,
      @Advice.FieldValue("executor") Object executor,
      @Advice.FieldValue("sslContext") Object sslContext,
      @Advice.FieldValue("sslParams") Object sslParams,
      @Advice.FieldValue("priority") int priority,
      @BuilderLocalAddress Object localAddr) {
    return Dispatcher.call(JdkHttpInstrumentation.BUILD, null, builder, new Object[] {cookieHandler,
        connectTimeout, followRedirects, proxy, authenticator, version, executor, sslContext, sslParams,
        Integer.valueOf(priority), localAddr});
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Enter Object shared,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object client) {
    if (shared != null) {
      client = shared;
    }
  }
}
