package io.httppool.agent.instrumentation.apache;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into a library's static check of whether an optional class can be loaded (HttpClient 5's
 * {@code BrotliDecompressingEntity.isAvailable()}, asked by every classic client build, which throws and catches a
 * {@code ClassNotFoundException} each time Brotli is absent): the answer for the checking class is found once.
 */
public final class ClassPresenceAdvice {
  private ClassPresenceAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Object enter(@Advice.Origin Class<?> checker, @Advice.Origin("#m") String method) {
    return Dispatcher.call(StableAnswers.KNOWN, null, checker, method);
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Origin Class<?> checker, @Advice.Origin("#m") String method,
      @Advice.Enter Object known, @Advice.Return(readOnly = false) boolean present) {
    if (known instanceof Boolean) {
      present = (Boolean) known;
    } else {
      Dispatcher.run(StableAnswers.LEARNED, checker, method, Boolean.valueOf(present));
    }
  }
}
