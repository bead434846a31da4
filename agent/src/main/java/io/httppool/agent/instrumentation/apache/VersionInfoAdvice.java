package io.httppool.agent.instrumentation.apache;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into httpcore's {@code VersionInfo.getUserAgent} (4.x) and {@code VersionInfo.getSoftwareInfo} (5.x),
 * which every client build calls for its User-Agent and which read a properties file from the library's jar each
 * time: the string made for a class, name and package is made once.
 */
public final class VersionInfoAdvice {
  private VersionInfoAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Object enter(@Advice.Origin("#m") String method, @Advice.Argument(0) String name,
      @Advice.Argument(1) String packageName, @Advice.Argument(2) Class<?> asker) {
    return Dispatcher.call(StableAnswers.KNOWN, null, asker, method + ' ' + name + ' ' + packageName);
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Origin("#m") String method, @Advice.Argument(0) String name,
      @Advice.Argument(1) String packageName, @Advice.Argument(2) Class<?> asker, @Advice.Enter Object known,
      @Advice.Return(readOnly = false) String softwareInfo) {
    if (known != null) {
      softwareInfo = (String) known;
    } else {
      Dispatcher.run(StableAnswers.LEARNED, asker, method + ' ' + name + ' ' + packageName, softwareInfo);
    }
  }
}
