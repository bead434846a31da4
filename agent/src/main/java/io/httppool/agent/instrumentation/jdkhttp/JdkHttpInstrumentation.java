package io.httppool.agent.instrumentation.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.httppool.agent.AgentContext;
import io.httppool.agent.core.Client;
import io.httppool.agent.instrumentation.HookBinder;
import io.httppool.agent.instrumentation.InstrumentationModule;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.constant.NullConstant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java.net.http.HttpClient} (JDK 11+): {@code HttpClient.newHttpClient()} and {@code Builder.build()} both
 * end in the JDK's {@code HttpClientBuilderImpl.build()}; there each caller gets its own client object sending
 * through one shared JDK client per builder configuration. The advice is inlined into {@code java.net.http}, so it
 * passes the builder's fields (it can read them; the agent could not without opening the package) to the
 * dispatcher.
 */
public final class JdkHttpInstrumentation implements InstrumentationModule {
  // hook ids: constants, so that javac copies them into the advice, which cannot see this class
  static final int BUILD = 500;

  private static final Logger log = LoggerFactory.getLogger(JdkHttpInstrumentation.class);

  static final String BUILDER = "jdk.internal.net.http.HttpClientBuilderImpl";
  private static final String LOCAL_ADDRESS = "localAddr";
  private static final String SUPPORT = "io.httppool.agent.instrumentation.jdkhttp.java11.SharedHttpClients";

  /** The builder fields the advice reads on JDK 11 to 18 (19 adds {@link #LOCAL_ADDRESS}). */
  private static final List<String> FIELDS_JDK_11 = Arrays.asList("cookieHandler", "connectTimeout",
      "followRedirects", "proxy", "authenticator", "version", "executor", "sslContext", "sslParams", "priority");

  @Override
  public Client client() {
    return Client.JDKHTTP;
  }

  @Override
  public AgentBuilder extend(AgentBuilder agentBuilder, AgentContext context) {
    Class<?> builder = builderClass();
    if (builder == null) {
      log.debug("java.net.http is not here (JDK 8 to 10): nothing to manage");
      return agentBuilder;
    }
    Advice.WithCustomMapping mapping = fieldMapping(builder);
    if (mapping == null) {
      // a setting the agent does not know could make two clients differ: sharing would not be safe
      log.info("the JDK's HttpClient is left alone: this JDK's builder has settings {}", instanceFields(builder));
      return agentBuilder;
    }
    JdkHttpSupport support;
    try {
      support = (JdkHttpSupport) Class.forName(SUPPORT).getConstructor(AgentContext.class).newInstance(context);
    } catch (ReflectiveOperationException | LinkageError e) {
      log.info("the JDK's HttpClient is left alone: {}", e.toString());
      return agentBuilder;
    }
    HookBinder.calling(support).call(BUILD, "jdkhttp client build",
        (shared, jdkBuilder, settings) -> shared.build(jdkBuilder, (Object[]) settings));
    return agentBuilder
        .type(named(BUILDER))
        .transform(new AgentBuilder.Transformer.ForAdvice(mapping)
            .include(JdkHttpInstrumentation.class.getClassLoader())
            .advice(named("build").and(takesArguments(0)), BuildAdvice.class.getName()));
  }

  /** The JDK's builder class, or null without java.net.http. */
  private static Class<?> builderClass() {
    try {
      return Class.forName(BUILDER, false, ClassLoader.getSystemClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /**
   * Binds {@link BuilderLocalAddress} to the builder's {@code localAddr} (JDK 19+) or to null (JDK 11 to 18); null
   * when the builder has fields the advice does not read.
   */
  private static Advice.WithCustomMapping fieldMapping(Class<?> builder) {
    Set<String> fields = instanceFields(builder);
    Set<String> known = new HashSet<>(FIELDS_JDK_11);
    if (fields.equals(known)) {
      return Advice.withCustomMapping().bind(BuilderLocalAddress.class, NullConstant.INSTANCE, Object.class);
    }
    known.add(LOCAL_ADDRESS);
    if (fields.equals(known)) {
      try {
        return Advice.withCustomMapping().bind(BuilderLocalAddress.class, builder.getDeclaredField(LOCAL_ADDRESS));
      } catch (NoSuchFieldException cannotHappen) {
        return null;
      }
    }
    return null;
  }

  private static Set<String> instanceFields(Class<?> type) {
    Set<String> names = new HashSet<>();
    for (Field field : type.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers())) {
        names.add(field.getName());
      }
    }
    return names;
  }
}
