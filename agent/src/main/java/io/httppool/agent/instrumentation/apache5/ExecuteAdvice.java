package io.httppool.agent.instrumentation.apache5;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/** Inlined into the classic clients' {@code doExecute}: request duration, status and errors. */
public final class ExecuteAdvice {
  private ExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object client, @Advice.Argument(0) Object target,
      @Advice.Argument(1) Object request) {
    return request == null ? null : Dispatcher.call(Apache5Instrumentation.REQUEST_STARTING, null, client, target, request);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void exit(@Advice.Enter Object trace, @Advice.Return Object response,
      @Advice.Thrown Throwable error) {
    if (trace != null) {
      Dispatcher.run(Apache5Instrumentation.REQUEST_FINISHED, trace, response, error);
    }
  }
}
