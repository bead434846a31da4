package io.httppool.agent.instrumentation.apache;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.httppool.agent.core.StableLookups;
import io.httppool.agent.instrumentation.HookBinder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The hooks through which both Apache families answer, from {@link StableLookups}, what the library looks up again
 * for every client it builds: its release for the User-Agent ({@link VersionInfoAdvice}) and whether Brotli is on
 * the class path ({@link OptionalClassAdvice}).
 */
public final class StableAnswers {
  // hook ids shared by the Apache families (6xx): constants, so that javac copies them into the advice
  static final int KNOWN = 600;
  static final int LEARNED = 601;

  private StableAnswers() {}

  /** httpcore's static {@code VersionInfo} method {@code name(String name, String package, Class asker)}. */
  public static ElementMatcher<MethodDescription> versionInfo(String name) {
    return named(name).and(isStatic()).and(takesArguments(String.class, String.class, Class.class))
        .and(returns(String.class));
  }

  public static void bind() {
    HookBinder<Class<StableLookups>> hooks = HookBinder.calling(StableLookups.class);
    hooks.call(KNOWN, "apache library look-up",
        (lookups, asker, question) -> StableLookups.known(asker, (String) question));
    hooks.run(LEARNED, "apache library look-up",
        (lookups, asker, question, answer) -> StableLookups.learn(asker, (String) question, answer));
  }
}
