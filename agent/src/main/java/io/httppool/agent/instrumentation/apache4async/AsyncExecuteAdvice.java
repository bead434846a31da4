package io.httppool.agent.instrumentation.apache4async;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code InternalHttpAsyncClient.execute(producer, consumer, context, callback)}: the request is traced
 * through its producer (the method, when the client generates the request) and its callback (the outcome).
 */
public final class AsyncExecuteAdvice {
  private AsyncExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object client,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object producer,
      @Advice.Argument(value = 2, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object context,
      @Advice.Argument(value = 3, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object callback) {
    Object[] traced = (Object[]) Dispatcher.call(Apache4AsyncInstrumentation.REQUEST_STARTING, null, client,
        producer, context, callback);
    if (traced != null) {
      producer = traced[0];
      context = traced[1];
      callback = traced[2];
    }
  }
}
