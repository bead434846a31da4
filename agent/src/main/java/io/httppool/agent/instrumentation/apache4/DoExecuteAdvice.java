package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/** Inlined into the clients' {@code doExecute(HttpHost, HttpRequest, HttpContext)}: request duration and errors. */
public final class DoExecuteAdvice {
  private DoExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object client, @Advice.Argument(0) Object target,
      @Advice.Argument(1) Object request) {
    return request == null ? null
        : Dispatcher.call(Apache4Instrumentation.REQUEST_STARTING, null, client, target, request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object trace, @Advice.Return Object response,
      @Advice.Thrown Throwable error) {
    if (trace != null) {
      Dispatcher.run(Apache4Instrumentation.REQUEST_FINISHED, trace, response, error);
    }
  }
}
