package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.instrumentation.apache.LibraryTlsFactories;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.socket.PlainConnectionSocketFactory;
import org.apache.hc.core5.http.config.Lookup;

/**
 * Whether the connections of an application's classic {@code PoolingHttpClientConnectionManager} are
 * interchangeable with those of the agent's shared pool (built like {@code HttpClientBuilder}'s default manager),
 * and for which schemes. The manager has to be the library's own class (or the AWS SDK's subclass, which changes
 * only how its pool hands out a lease) with the library's connection operator, DNS and scheme-port resolvers,
 * connection factory and pool, and the library's default TLS configuration (5.2+: no per-route resolver of the
 * application's own). Socket and connection configuration of its own (5.2+) go with the verdict: managers with
 * equal ones share a pool of their own. Then {@code http} is shared when it goes through the library's plain
 * sockets, {@code https} when through a TLS socket factory (5.0 to 5.3) or strategy (5.4 on) the library made
 * with its default settings; a scheme with anything else keeps its routes on the manager's own pool. Compared with
 * a manager the library makes with {@code new PoolingHttpClientConnectionManager()}, field by field, so that every
 * 5.x version's defaults are its own.
 */
final class Interchangeable {
  /** What decides, about one manager. */
  static final class Verdict {
    final boolean http;
    final boolean https;
    /** Why a scheme or the whole manager is not shared; null when both are. */
    final String reason;
    /** The manager's socket and connection configuration when they differ from the defaults, else null. */
    final Configs configs;

    Verdict(boolean http, boolean https, String reason) {
      this(http, https, reason, null);
    }

    Verdict(boolean http, boolean https, String reason, Configs configs) {
      this.http = http;
      this.https = https;
      this.reason = reason;
      this.configs = configs;
    }

    boolean sharesAny() {
      return http || https;
    }
  }

  /**
   * A manager's socket and connection configuration (5.2+) other than the library's defaults: managers with equal
   * ones share a pool of their own, whose key is what the library's value classes print.
   */
  static final class Configs {
    final Object socket;
    final Object connection;
    final List<String> key;

    Configs(Object socket, Object connection) {
      this.socket = socket;
      this.connection = connection;
      this.key = Arrays.asList(String.valueOf(socket), String.valueOf(connection));
    }
  }

  /**
   * The AWS SDK's apache5-client manager: a final subclass that changes only how its pool hands out a lease
   * future, built with the library's connection operator and constant (not per-route) configuration resolvers.
   */
  private static final String AWS_SDK_MANAGER =
      "software.amazon.awssdk.http.apache5.internal.conn.SafePoolingHttpClientConnectionManager";
  private static final String AWS_SDK_POOL = "software.amazon.awssdk.http.apache5.internal.conn.SafeStrictConnPool";
  private static final String AWS_SDK_BUILDER_LAMBDA =
      "software.amazon.awssdk.http.apache5.internal.conn.SafePoolingHttpClientConnectionManagerBuilder$$Lambda";
  private static final String MANAGER_LAMBDA = PoolingHttpClientConnectionManager.class.getName() + "$$Lambda";
  private static final int SOCKET = 0;
  private static final int CONNECTION = 1;
  /** Per-route configuration (5.2+): the resolver field and the manager's method that resolves it. */
  private static final String[][] RESOLVERS = {
      {"socketConfigResolver", "resolveSocketConfig", "socket config"},
      {"connectionConfigResolver", "resolveConnectionConfig", "connection config"},
      {"tlsConfigResolver", "resolveTlsConfig", "TLS config"}};
  /** Configuration 5.0 and 5.1 keep in fields of the manager. */
  private static final String[] CONFIG_FIELDS = {"defaultSocketConfig", "validateAfterInactivity"};
  /** The pool's own settings (the time to live up to 5.1, the reuse policy). */
  private static final String[] POOL_FIELDS = {"timeToLive", "policy"};

  private final LibraryTlsFactories tlsFactories;
  private final PoolingHttpClientConnectionManager reference;
  private final Field operator;
  private final Field pool;
  private final Field connFactory;
  private final Method[] resolve = new Method[RESOLVERS.length];
  private final Field[] resolvers = new Field[RESOLVERS.length];

  Interchangeable(LibraryTlsFactories tlsFactories) throws ReflectiveOperationException {
    this.tlsFactories = tlsFactories;
    Class<?> type = PoolingHttpClientConnectionManager.class;
    operator = field(type, "connectionOperator");
    pool = field(type, "pool");
    connFactory = field(type, "connFactory");
    for (int i = 0; i < RESOLVERS.length; i++) {
      resolvers[i] = optionalField(type, RESOLVERS[i][0]);
      resolve[i] = resolvers[i] == null ? null : method(RESOLVERS[i][1]);
    }
    reference = new PoolingHttpClientConnectionManager();
  }

  Verdict of(PoolingHttpClientConnectionManager manager, HttpRoute route) throws ReflectiveOperationException {
    if (!libraryOrAwsSdk(manager.getClass())) {
      return new Verdict(false, false, "manager subclass " + manager.getClass().getName());
    }
    Object connectionOperator = operator.get(manager);
    if (connectionOperator == null || connectionOperator.getClass() != DefaultHttpClientConnectionOperator.class) {
      return new Verdict(false, false, "custom connection operator " + className(connectionOperator));
    }
    String different = differentSetting(manager, connectionOperator, route);
    if (different != null) {
      return new Verdict(false, false, different);
    }
    boolean http = plainHttp(connectionOperator);
    Object tls = tlsOf(connectionOperator);
    String tlsKind = tls == null ? null : tlsFactories.kindOf(tls);
    boolean https = LibraryTlsFactories.DEFAULT.equals(tlsKind);
    String reason = null;
    if (!http) {
      reason = "http routes on its own pool: custom socket factory";
    } else if (!https) {
      reason = "https routes on its own pool: " + (LibraryTlsFactories.SYSTEM.equals(tlsKind)
          ? "system TLS settings" : "custom TLS socket factory " + className(tls));
    }
    return new Verdict(http, https, reason, nonDefaultConfigs(manager, route));
  }

  /** The library's manager class, or the AWS SDK's subclass of it by its exact name. */
  private static boolean libraryOrAwsSdk(Class<?> type) {
    Class<?> library = PoolingHttpClientConnectionManager.class;
    return type == library || (type.getName().equals(AWS_SDK_MANAGER) && type.getSuperclass() == library);
  }

  /**
   * The AWS SDK's pool, a {@code StrictConnPool} like the library's (5.6 makes its own an anonymous subclass whose
   * {@code closeExpired} asks the manager): a handle's leases never reach it, they go to the shared pool.
   */
  private static boolean awsSdkPool(Class<?> type, Class<?> library) {
    return type.getName().equals(AWS_SDK_POOL)
        && (type.getSuperclass() == library || type.getSuperclass() == library.getSuperclass());
  }

  /** The first setting that differs from the library's default, or null. */
  private String differentSetting(PoolingHttpClientConnectionManager manager, Object connectionOperator,
      HttpRoute route) throws ReflectiveOperationException {
    for (String name : new String[] {"schemePortResolver", "dnsResolver"}) {
      if (!className(read(connectionOperator, name)).equals(className(read(operator.get(reference), name)))) {
        return "custom " + name + " " + className(read(connectionOperator, name));
      }
    }
    if (connFactory.get(manager) != connFactory.get(reference)) {
      return "custom connection factory " + className(connFactory.get(manager));
    }
    Object ownPool = pool.get(manager);
    Object referencePool = pool.get(reference);
    if (ownPool.getClass() != referencePool.getClass() && !awsSdkPool(ownPool.getClass(), referencePool.getClass())) {
      return "pool " + className(ownPool);
    }
    for (String name : POOL_FIELDS) {
      if (!sameValue(read(ownPool, name), read(referencePool, name))) {
        return "pool " + name;
      }
    }
    for (String name : CONFIG_FIELDS) {
      if (!sameValue(read(manager, name), read(reference, name))) {
        return name;
      }
    }
    for (int i = 0; i < RESOLVERS.length; i++) {
      if (resolvers[i] == null) {
        continue;
      }
      Object own = resolvers[i].get(manager);
      if (own != null && !constant(own)) {
        return "per-route " + RESOLVERS[i][2];
      }
      if (i != SOCKET && i != CONNECTION && !sameValue(resolved(manager, i, route), resolved(reference, i, route))) {
        return RESOLVERS[i][2] + " other than the library's default";
      }
    }
    return null;
  }

  /** A resolver that answers every route alike: the manager's own (its setters') or the AWS SDK builder's. */
  private static boolean constant(Object resolver) {
    String name = resolver.getClass().getName();
    return name.startsWith(MANAGER_LAMBDA) || name.startsWith(AWS_SDK_BUILDER_LAMBDA);
  }

  private Object resolved(PoolingHttpClientConnectionManager manager, int i, HttpRoute route)
      throws ReflectiveOperationException {
    Object argument = resolve[i].getParameterTypes()[0] == HttpRoute.class ? route : route.getTargetHost();
    return resolve[i].invoke(manager, argument);
  }

  /** The socket and connection configuration when either differs from the library's default (5.2+), else null. */
  private Configs nonDefaultConfigs(PoolingHttpClientConnectionManager manager, HttpRoute route)
      throws ReflectiveOperationException {
    if (resolvers[SOCKET] == null || resolvers[CONNECTION] == null) {
      return null;
    }
    Object socket = resolved(manager, SOCKET, route);
    Object connection = resolved(manager, CONNECTION, route);
    boolean defaults = sameValue(socket, resolved(reference, SOCKET, route))
        && sameValue(connection, resolved(reference, CONNECTION, route));
    return defaults ? null : new Configs(socket, connection);
  }

  /** 5.0 to 5.3: the {@code http} socket factory is the library's plain one; 5.4 on: no custom socket factory. */
  private static boolean plainHttp(Object connectionOperator) throws IllegalAccessException {
    Field registry = optionalField(connectionOperator.getClass(), "socketFactoryRegistry");
    if (registry != null) {
      Object http = ((Lookup<?>) registry.get(connectionOperator)).lookup("http");
      return http != null && http.getClass() == PlainConnectionSocketFactory.class;
    }
    Field detached = optionalField(connectionOperator.getClass(), "detachedSocketFactory");
    Field plain = optionalField(connectionOperator.getClass(), "PLAIN_SOCKET_FACTORY");
    Object factory = detached == null ? null : detached.get(connectionOperator);
    return factory == null || (plain != null && factory == plain.get(null));
  }

  private static Object tlsOf(Object connectionOperator) throws IllegalAccessException {
    Field registry = optionalField(connectionOperator.getClass(), "socketFactoryRegistry");
    if (registry == null) {
      registry = optionalField(connectionOperator.getClass(), "tlsSocketStrategyLookup");
    }
    return registry == null ? null : ((Lookup<?>) registry.get(connectionOperator)).lookup("https");
  }

  /** Equal configurations: the library's value classes print every setting and define no equals. */
  private static boolean sameValue(Object a, Object b) {
    return Objects.equals(a == null ? null : a.toString(), b == null ? null : b.toString());
  }

  private static Object read(Object target, String name) throws IllegalAccessException {
    Field field = optionalField(target.getClass(), name);
    return field == null ? null : field.get(target);
  }

  private static Method method(String name) throws NoSuchMethodException {
    for (Method method : PoolingHttpClientConnectionManager.class.getDeclaredMethods()) {
      if (method.getName().equals(name) && method.getParameterTypes().length == 1) {
        method.setAccessible(true);
        return method;
      }
    }
    throw new NoSuchMethodException(name);
  }

  private static Field optionalField(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        return field(c, name);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    return null;
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field field = type.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  /** A lambda's class is named after the class that made it (its own name carries a per-JVM address). */
  private static String className(Object value) {
    if (value == null) {
      return "null";
    }
    String name = value.getClass().getName();
    int lambda = name.indexOf("$$Lambda");
    return lambda < 0 ? name : name.substring(0, lambda) + " lambda";
  }
}
