package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/** Inlined into the clients' {@code doExecute(HttpHost, HttpRequest, HttpContext)}: request duration and errors. */
public final class DoExecuteAdvice {
  private DoExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter() {
    return System.nanoTime();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object client, @Advice.Argument(0) Object target,
      @Advice.Argument(1) Object request, @Advice.Return Object response, @Advice.Thrown Throwable error,
      @Advice.Enter long startNanos) {
    if (request != null) {
      Dispatcher.run(Apache4Instrumentation.REQUEST_FINISHED, client, target, request, response, error, startNanos);
    }
  }
}
