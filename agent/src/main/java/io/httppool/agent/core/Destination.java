package io.httppool.agent.core;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where connections go: one client family, scheme, host and port. It carries the attribute sets every metric
 * series of this destination uses (computed once, so recording allocates nothing) and the running totals the
 * report prints. Hosts beyond the configured cap share one destination whose host is {@code _other}.
 */
public final class Destination {
  public static final String OTHER_HOST = "_other";

  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<String> CLIENT = AttributeKey.stringKey("httppool.client");
  static final AttributeKey<String> REUSED = AttributeKey.stringKey("httppool.reused");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("httppool.reason");
  static final AttributeKey<String> EVENT = AttributeKey.stringKey("httppool.event");
  static final AttributeKey<String> ACTION = AttributeKey.stringKey("httppool.action");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> CONNECTION_STATE = AttributeKey.stringKey("http.connection.state");
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

  private final Client client;
  private final String scheme;
  private final String host;
  private final int port;
  private final String server;

  private final Attributes base;
  private final Attributes acquiredNew;
  private final Attributes acquiredReused;
  private final Attributes active;
  private final Attributes idle;
  private final Attributes[] errors = new Attributes[ErrorType.values().length];
  private final ConcurrentHashMap<String, Attributes> reasons = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Attributes> events = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Attributes> actions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Attributes> requestOutcomes = new ConcurrentHashMap<>();

  private final DestinationTotals totals = new DestinationTotals();

  Destination(Client client, String scheme, String host, int port) {
    this.client = client;
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.server = scheme + "://" + host + ":" + port;
    this.base = Attributes.builder()
        .put(SERVER_ADDRESS, host)
        .put(SERVER_PORT, (long) port)
        .put(URL_SCHEME, scheme)
        .put(CLIENT, client.id())
        .build();
    this.acquiredNew = base.toBuilder().put(REUSED, "false").build();
    this.acquiredReused = base.toBuilder().put(REUSED, "true").build();
    this.active = base.toBuilder().put(CONNECTION_STATE, "active").build();
    this.idle = base.toBuilder().put(CONNECTION_STATE, "idle").build();
    for (ErrorType type : ErrorType.values()) {
      errors[type.ordinal()] = base.toBuilder().put(ERROR_TYPE, type.id()).build();
    }
  }

  public Client client() {
    return client;
  }

  public String scheme() {
    return scheme;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The server this destination talks to, the same for every client family. */
  public String server() {
    return server;
  }

  public Attributes attributes() {
    return base;
  }

  /** Running totals for the report. */
  public DestinationTotals totals() {
    return totals;
  }

  public Attributes acquireAttributes(boolean reused) {
    return reused ? acquiredReused : acquiredNew;
  }

  public Attributes stateAttributes(boolean isActive) {
    return isActive ? active : idle;
  }

  public Attributes errorAttributes(ErrorType type) {
    return errors[type.ordinal()];
  }

  public Attributes reasonAttributes(String reason) {
    return withValue(reasons, REASON, reason);
  }

  public Attributes eventAttributes(String kind) {
    return withValue(events, EVENT, kind);
  }

  public Attributes actionAttributes(String action) {
    return withValue(actions, ACTION, action);
  }

  private Attributes withValue(ConcurrentHashMap<String, Attributes> cache, AttributeKey<String> key, String value) {
    Attributes attributes = cache.get(value);
    if (attributes == null) {
      attributes = base.toBuilder().put(key, value).build();
      Attributes raced = cache.putIfAbsent(value, attributes);
      return raced == null ? attributes : raced;
    }
    return attributes;
  }

  /** The attributes of a finished request; {@code status} is 0 when no response arrived. */
  public Attributes requestAttributes(String method, int status, ErrorType error) {
    String knownMethod = HttpMethods.normalize(method);
    long key = ((long) HttpMethods.index(knownMethod) << 40) | ((long) Math.max(0, status) << 8)
        | (error == null ? 0xFF : error.ordinal());
    Attributes attributes = requestOutcomes.get(key);
    if (attributes == null) {
      io.opentelemetry.api.common.AttributesBuilder builder = base.toBuilder().put(METHOD, knownMethod);
      if (status > 0) {
        builder.put(STATUS, (long) status);
      }
      if (error != null) {
        builder.put(ERROR_TYPE, error.id());
      } else if (status >= 500) {
        builder.put(ERROR_TYPE, Integer.toString(status));
      }
      attributes = builder.build();
      Attributes raced = requestOutcomes.putIfAbsent(key, attributes);
      return raced == null ? attributes : raced;
    }
    return attributes;
  }

  @Override
  public String toString() {
    return client.id() + " " + scheme + "://" + host + ":" + port;
  }
}
