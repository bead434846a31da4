package io.httppool.agent.instrumentation.apache4async.linked;

import io.httppool.agent.instrumentation.apache.IdentityKey;
import java.lang.reflect.Field;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.http.impl.nio.client.HttpAsyncClientBuilder;

/**
 * The private fields of {@code HttpAsyncClientBuilder} (4.1.x) that decide how its default connection manager and
 * I/O reactor are made, so whether two builders' clients may run on one shared manager. The TLS objects (strategy,
 * context, hostname verifier, public suffix matcher) count by identity (none has value equality); the reactor and
 * connection config by value (their toString() lists every field). Left out on purpose: the thread factory (the
 * shared reactor runs on the agent's daemon threads; it names threads, it changes no connection) and the
 * connection limits (the agent's apply). A builder with an event handler of its own is never shared.
 */
final class AsyncBuilderFields {
  private static final String[] TLS_FIELDS = {"sslStrategy", "sslcontext", "hostnameVerifier", "publicSuffixMatcher"};
  private static final String[] VALUE_FIELDS = {
      "defaultIOReactorConfig", "defaultConnectionConfig", "connTimeToLive", "connTimeToLiveTimeUnit"};
  private static final String[] SYSTEM_PROPERTIES = {
      "https.protocols", "https.cipherSuites", "http.keepAlive", "http.maxConnections"};

  final Field connManager;
  final Field connManagerShared;
  final Field threadFactory;
  final Field eventHandler;
  /** 4.1.3 on. */
  final Field connTimeToLive;
  final Field connTimeToLiveTimeUnit;
  private final Field systemProperties;
  private final List<Field> identityFields = new ArrayList<>();
  private final List<Field> valueFields = new ArrayList<>();

  AsyncBuilderFields() throws NoSuchFieldException {
    connManager = required("connManager");
    connManagerShared = required("connManagerShared");
    threadFactory = required("threadFactory");
    eventHandler = required("eventHandler");
    systemProperties = required("systemProperties");
    connTimeToLive = field("connTimeToLive");
    connTimeToLiveTimeUnit = field("connTimeToLiveTimeUnit");
    for (String name : TLS_FIELDS) {
      identityFields.add(required(name));
    }
    for (String name : VALUE_FIELDS) {
      Field field = field(name);
      if (field != null) {
        valueFields.add(field);
      }
    }
  }

  private static Field required(String name) throws NoSuchFieldException {
    Field field = field(name);
    if (field == null) {
      throw new NoSuchFieldException("HttpAsyncClientBuilder." + name + ": a version the agent does not know");
    }
    return field;
  }

  private static Field field(String name) {
    try {
      Field field = HttpAsyncClientBuilder.class.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException absentInThisVersion) {
      return null;
    }
  }

  /** Whether the builder makes its own manager and runs its own reactor, as the agent would share it. */
  boolean makesDefaultManager(HttpAsyncClientBuilder builder) throws IllegalAccessException {
    return connManager.get(builder) == null && !connManagerShared.getBoolean(builder)
        && eventHandler.get(builder) == null;
  }

  /** Everything of the builder that flows into its default manager and reactor. */
  List<Object> managerKey(HttpAsyncClientBuilder builder) throws ReflectiveOperationException {
    List<Object> key = new ArrayList<>();
    for (Field field : identityFields) {
      key.add(new IdentityKey(field.get(builder)));
    }
    for (Field field : valueFields) {
      key.add(String.valueOf(field.get(builder)));
    }
    boolean useSystemProperties = systemProperties.getBoolean(builder);
    key.add(useSystemProperties);
    if (useSystemProperties) {
      for (String property : SYSTEM_PROPERTIES) {
        key.add(String.valueOf(System.getProperty(property)));
      }
      key.add(new IdentityKey(systemSslContext()));
    }
    return key;
  }

  private static Object systemSslContext() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      return null;
    }
  }
}
