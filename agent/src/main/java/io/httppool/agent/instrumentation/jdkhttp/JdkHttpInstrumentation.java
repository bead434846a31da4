package io.httppool.agent.instrumentation.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.httppool.agent.AgentContext;
import io.httppool.agent.core.Client;
import io.httppool.agent.instrumentation.HookBinder;
import io.httppool.agent.instrumentation.InstrumentationModule;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
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
 * dispatcher. On the JDKs whose connection internals were tested (17 and 25), advice on the JDK's connection
 * classes reports every connection (new or reused, active or idle, closed); on any other JDK the family reports
 * request metrics only.
 */
public final class JdkHttpInstrumentation implements InstrumentationModule {
  // hook ids: constants, so that javac copies them into the advice, which cannot see this class
  static final int BUILD = 500;
  static final int CONNECTION_HANDED_OUT = 510;
  static final int CONNECTION_RETURNED = 511;
  static final int CHANNEL_OPENED = 512;
  static final int HTTP2_CONNECTION_FOUND = 513;

  private static final Logger log = LoggerFactory.getLogger(JdkHttpInstrumentation.class);

  static final String BUILDER = "jdk.internal.net.http.HttpClientBuilderImpl";
  private static final String LOCAL_ADDRESS = "localAddr";
  private static final String SUPPORT = "io.httppool.agent.instrumentation.jdkhttp.java11.SharedHttpClients";

  private static final String INTERNALS = "jdk.internal.net.http.";
  private static final String CONNECTION = INTERNALS + "HttpConnection";
  private static final String CONNECTION_POOL = INTERNALS + "ConnectionPool";
  private static final String HTTP2_CLIENT = INTERNALS + "Http2ClientImpl";
  /** The TCP connection under every JDK connection; its field {@code chan} is read by the advice. */
  private static final String PLAIN_CONNECTION = INTERNALS + "PlainHttpConnection";
  /** The JDKs whose connection internals the connection metrics were tested against. */
  private static final List<String> CONNECTION_METRICS_JDKS = Arrays.asList("17", "25");

  /** The builder fields the advice reads on JDK 11 to 18 (19 adds {@link #LOCAL_ADDRESS}). */
  private static final List<String> FIELDS_JDK_11 = Arrays.asList("cookieHandler", "connectTimeout",
      "followRedirects", "proxy", "authenticator", "version", "executor", "sslContext", "sslParams", "priority");

  @Override
  public Client client() {
    return Client.JDKHTTP;
  }

  @Override
  public String[] classNamePrefixes() {
    return new String[] {BUILDER, CONNECTION, CONNECTION_POOL, HTTP2_CLIENT, PLAIN_CONNECTION};
  }

  @Override
  public String[] installWhenReferenced() {
    // the install reflects on java.net.http's classes: it must run before the JDK loads the first of them
    return new String[] {"java/net/http/"};
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
    HookBinder<JdkHttpSupport> hooks = HookBinder.calling(support);
    hooks.call(BUILD, "jdkhttp client build",
        (shared, jdkBuilder, settings) -> shared.build(jdkBuilder, (Object[]) settings));
    AgentBuilder withBuild = agentBuilder
        .type(named(BUILDER))
        .transform(new AgentBuilder.Transformer.ForAdvice(mapping)
            .include(JdkHttpInstrumentation.class.getClassLoader())
            .advice(named("build").and(takesArguments(0)), BuildAdvice.class.getName()));
    String unobservable = connectionInternalsDiffer();
    if (unobservable != null) {
      log.info("java.net.http connections are not observed on this JDK ({}): request metrics only", unobservable);
      return withBuild;
    }
    hooks.run(CONNECTION_HANDED_OUT, "jdkhttp connection", JdkHttpSupport::connectionHandedOut);
    hooks.run(CONNECTION_RETURNED, "jdkhttp connection", JdkHttpSupport::connectionReturned);
    hooks.run(CHANNEL_OPENED, "jdkhttp connection", JdkHttpSupport::channelOpened);
    hooks.run(HTTP2_CONNECTION_FOUND, "jdkhttp connection", JdkHttpSupport::http2ConnectionLookedUp);
    ClassLoader agentLoader = JdkHttpInstrumentation.class.getClassLoader();
    return withBuild
        .type(named(CONNECTION))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("getConnection").and(isStatic()).and(takesArguments(4)),
                ConnectionHandedOutAdvice.class.getName()))
        .type(named(CONNECTION_POOL))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("returnToPool").and(takesArguments(3)), ConnectionReturnedAdvice.class.getName()))
        .type(named(PLAIN_CONNECTION))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(isConstructor(), PlainConnectionOpenedAdvice.class.getName()))
        .type(named(HTTP2_CLIENT))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("getConnectionFor").and(takesArguments(2)), Http2ConnectionLookupAdvice.class.getName()));
  }

  /**
   * Why the connection advice cannot go into this JDK: a JDK not tested (its internals may mean something else even
   * where the names match), or a member it reaches missing; null when it can.
   */
  private static String connectionInternalsDiffer() {
    String feature = System.getProperty("java.specification.version");
    if (!CONNECTION_METRICS_JDKS.contains(feature)) {
      return "JDK " + feature + " is not one of the tested " + CONNECTION_METRICS_JDKS;
    }
    List<String> missing = new ArrayList<>();
    requireMethod(CONNECTION, "getConnection", 4, missing);
    requireMethod(CONNECTION_POOL, "returnToPool", 3, missing);
    requireMethod(HTTP2_CLIENT, "getConnectionFor", 2, missing);
    requireField(PLAIN_CONNECTION, "chan", missing);
    return missing.isEmpty() ? null : "missing " + missing;
  }

  private static void requireField(String className, String name, List<String> missing) {
    try {
      Class.forName(className, false, ClassLoader.getSystemClassLoader()).getDeclaredField(name);
    } catch (ClassNotFoundException | NoSuchFieldException | LinkageError e) {
      missing.add(className + "." + name);
    }
  }

  private static void requireMethod(String className, String name, int arguments, List<String> missing) {
    try {
      for (Method method : Class.forName(className, false, ClassLoader.getSystemClassLoader()).getDeclaredMethods()) {
        if (method.getName().equals(name) && method.getParameterTypes().length == arguments) {
          return;
        }
      }
    } catch (ClassNotFoundException | LinkageError e) {
      // missing, as below
    }
    missing.add(className + "." + name);
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
