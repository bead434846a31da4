package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.instrumentation.apache.IdentityKey;
import io.httppool.agent.instrumentation.apache.LibraryTlsFactories;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.http.config.Lookup;
import org.apache.http.config.Registry;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.DnsResolver;
import org.apache.http.conn.HttpConnectionFactory;
import org.apache.http.conn.SchemePortResolver;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.impl.conn.DefaultSchemePortResolver;
import org.apache.http.impl.conn.ManagedHttpClientConnectionFactory;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.impl.conn.SystemDefaultDnsResolver;

/**
 * Whether the connections of an application's {@code PoolingHttpClientConnectionManager} are interchangeable with
 * those of another, and so may come from one shared pool: the key two such managers share a pool by, or the one
 * reason they may not. Per scheme: {@code http} through the library's plain socket factory, {@code https} through
 * a TLS socket factory the library made with its default or system settings; a scheme with any other factory
 * stays with the manager's own pool. Besides: the library's own manager and connection operator classes, no
 * per-host socket or connection configuration, and the DNS resolver, scheme-port resolver and connection factory,
 * the default socket and connection configuration and the time to live, equal (the library's defaults by kind,
 * anything else by identity or, for the configurations, by value).
 */
final class Interchangeable {
  private static final String[] OPERATORS = {
      "org.apache.http.impl.conn.DefaultHttpClientConnectionOperator", // 4.4 on
      "org.apache.http.impl.conn.HttpClientConnectionOperator"}; // 4.3

  /** What decides, about one manager. */
  static final class Verdict {
    /** Equal keys may share a pool; null when no scheme may. */
    final List<Object> key;
    /** Why a scheme or the whole manager is not shared; null when everything is. */
    final String reason;
    /** The scheme whose routes stay on the manager's own pool while others are shared, or null. */
    final String unsharedScheme;
    final Registry<ConnectionSocketFactory> sharedSchemes;
    final HttpConnectionFactory<?, ?> connectionFactory;
    final SchemePortResolver schemePortResolver;
    final DnsResolver dnsResolver;
    final long timeToLive;
    final TimeUnit timeToLiveUnit;

    private Verdict(List<Object> key, String reason, String unsharedScheme,
        Registry<ConnectionSocketFactory> sharedSchemes,
        HttpConnectionFactory<?, ?> connectionFactory, SchemePortResolver schemePortResolver,
        DnsResolver dnsResolver, long timeToLive, TimeUnit timeToLiveUnit) {
      this.key = key;
      this.reason = reason;
      this.unsharedScheme = unsharedScheme;
      this.sharedSchemes = sharedSchemes;
      this.connectionFactory = connectionFactory;
      this.schemePortResolver = schemePortResolver;
      this.dnsResolver = dnsResolver;
      this.timeToLive = timeToLive;
      this.timeToLiveUnit = timeToLiveUnit;
    }

    static Verdict notShared(String reason) {
      return new Verdict(null, reason, null, null, null, null, null, 0, null);
    }
  }

  private final LibraryTlsFactories tlsFactories;
  private final Field configData;
  private final Field pool;
  private final Field operator;
  private final Field socketConfigs;
  private final Field connectionConfigs;
  private final Field timeToLive;
  private final Field timeToLiveUnit;
  private final Field poolConnectionFactory;
  private final ConcurrentHashMap<String, Field> fieldsByClass = new ConcurrentHashMap<>();

  Interchangeable(LibraryTlsFactories tlsFactories) throws NoSuchFieldException {
    this.tlsFactories = tlsFactories;
    Class<?> manager = PoolingHttpClientConnectionManager.class;
    configData = field(manager, "configData");
    pool = field(manager, "pool");
    operator = field(manager, "connectionOperator");
    Class<?> config = configData.getType();
    socketConfigs = field(config, "socketConfigMap");
    connectionConfigs = field(config, "connectionConfigMap");
    Class<?> cpool = pool.getType();
    timeToLive = field(cpool, "timeToLive");
    timeToLiveUnit = fieldNamedEither(cpool, "tunit", "timeUnit"); // 4.3 and 4.4, 4.5
    poolConnectionFactory = field(cpool.getSuperclass(), "connFactory");
  }

  Verdict of(PoolingHttpClientConnectionManager manager) throws ReflectiveOperationException {
    if (manager.getClass() != PoolingHttpClientConnectionManager.class) {
      return Verdict.notShared("manager subclass " + manager.getClass().getName());
    }
    Object connectionOperator = operator.get(manager);
    if (!isLibraryOperator(connectionOperator)) {
      return Verdict.notShared("custom connection operator " + className(connectionOperator));
    }
    Object config = configData.get(manager);
    if (!((Map<?, ?>) socketConfigs.get(config)).isEmpty()
        || !((Map<?, ?>) connectionConfigs.get(config)).isEmpty()) {
      return Verdict.notShared("per-host socket or connection config");
    }
    Object internalFactory = poolConnectionFactory.get(pool.get(manager));
    HttpConnectionFactory<?, ?> connectionFactory =
        (HttpConnectionFactory<?, ?>) cached(internalFactory.getClass(), "connFactory").get(internalFactory);
    Class<?> operatorType = connectionOperator.getClass();
    Lookup<?> registry = (Lookup<?>) cached(operatorType, "socketFactoryRegistry").get(connectionOperator);
    SchemePortResolver schemePorts =
        (SchemePortResolver) cached(operatorType, "schemePortResolver").get(connectionOperator);
    DnsResolver dns = (DnsResolver) cached(operatorType, "dnsResolver").get(connectionOperator);
    Object cpool = pool.get(manager);
    long ttl = timeToLive.getLong(cpool);
    TimeUnit ttlUnit = (TimeUnit) timeToLiveUnit.get(cpool);

    List<Object> key = new ArrayList<>();
    RegistryBuilder<ConnectionSocketFactory> shared = RegistryBuilder.create();
    String reason = null;
    String unsharedScheme = null;
    Object http = registry.lookup("http");
    if (http != null && http.getClass() == PlainConnectionSocketFactory.class) {
      shared.register("http", (ConnectionSocketFactory) http);
      key.add("http: plain");
    } else if (http != null) {
      reason = "custom socket factory " + className(http);
      unsharedScheme = "http";
    }
    Object https = registry.lookup("https");
    String tlsKind = https == null ? null : tlsFactories.kindOf(https);
    if (tlsKind != null) {
      shared.register("https", (ConnectionSocketFactory) https);
      key.add("https: " + tlsKind);
      if (tlsKind.equals(LibraryTlsFactories.SYSTEM)) {
        BuilderFields.addSystemTlsSettings(key);
      }
    } else if (https != null) {
      reason = "custom TLS socket factory " + className(https);
      unsharedScheme = "https";
    }
    if (key.isEmpty()) {
      return Verdict.notShared(reason == null ? "no http or https socket factory" : reason);
    }
    key.add(connectionFactory == ManagedHttpClientConnectionFactory.INSTANCE || connectionFactory == null
        ? "library connection factory" : new IdentityKey(connectionFactory));
    key.add(schemePorts == DefaultSchemePortResolver.INSTANCE || schemePorts == null
        ? "library scheme ports" : new IdentityKey(schemePorts));
    key.add(dns == SystemDefaultDnsResolver.INSTANCE || dns == null
        ? "system DNS" : new IdentityKey(dns));
    key.add(String.valueOf(manager.getDefaultSocketConfig()));
    key.add(String.valueOf(manager.getDefaultConnectionConfig()));
    key.add(ttl > 0 ? ttlUnit.toMillis(ttl) : 0);
    return new Verdict(key, reason, unsharedScheme, shared.build(), connectionFactory, schemePorts, dns, ttl,
        ttlUnit);
  }

  private static boolean isLibraryOperator(Object connectionOperator) {
    for (String name : OPERATORS) {
      if (connectionOperator != null && connectionOperator.getClass().getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static String className(Object object) {
    return object == null ? "null" : object.getClass().getName();
  }

  /** Fields of classes this manager's version decides (its connection operator, its pool's factory), once. */
  private Field cached(Class<?> type, String name) throws NoSuchFieldException {
    String id = type.getName() + "." + name;
    Field found = fieldsByClass.get(id);
    if (found == null) {
      found = field(type, name);
      fieldsByClass.put(id, found);
    }
    return found;
  }

  private static Field fieldNamedEither(Class<?> type, String name, String otherName) throws NoSuchFieldException {
    try {
      return field(type, name);
    } catch (NoSuchFieldException e) {
      return field(type, otherName);
    }
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field field = type.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }
}
