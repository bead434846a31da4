package io.httppool.agent.instrumentation.apache4;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code HttpClients.createMinimal()}: returns a minimal client on the shared pool instead. */
public final class CreateMinimalAdvice {
  private CreateMinimalAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Object enter(@Advice.Origin Class<?> httpClients) {
    return Dispatcher.call(Apache4Instrumentation.CREATE_MINIMAL, null, httpClients);
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Enter Object replacement,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object client) {
    if (replacement != null) {
      client = replacement;
    }
  }
}
