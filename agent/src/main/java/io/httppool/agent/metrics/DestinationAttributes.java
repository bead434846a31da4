package io.httppool.agent.metrics;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.HttpMethods;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attribute sets every metric series of one destination uses, each computed once, so that recording
 * allocates nothing.
 */
final class DestinationAttributes {
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

  DestinationAttributes(Destination destination) {
    this.base = Attributes.builder()
        .put(SERVER_ADDRESS, destination.host())
        .put(SERVER_PORT, (long) destination.port())
        .put(URL_SCHEME, destination.scheme())
        .put(CLIENT, destination.client().id())
        .build();
    this.acquiredNew = base.toBuilder().put(REUSED, "false").build();
    this.acquiredReused = base.toBuilder().put(REUSED, "true").build();
    this.active = base.toBuilder().put(CONNECTION_STATE, "active").build();
    this.idle = base.toBuilder().put(CONNECTION_STATE, "idle").build();
    for (ErrorType type : ErrorType.values()) {
      errors[type.ordinal()] = base.toBuilder().put(ERROR_TYPE, type.id()).build();
    }
  }

  Attributes base() {
    return base;
  }

  Attributes acquire(boolean reused) {
    return reused ? acquiredReused : acquiredNew;
  }

  Attributes state(boolean isActive) {
    return isActive ? active : idle;
  }

  Attributes error(ErrorType type) {
    return errors[type.ordinal()];
  }

  Attributes reason(String reason) {
    return withValue(reasons, REASON, reason);
  }

  Attributes event(String kind) {
    return withValue(events, EVENT, kind);
  }

  Attributes action(String action) {
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
  Attributes request(String method, int status, ErrorType error) {
    String knownMethod = HttpMethods.normalize(method);
    long key = ((long) HttpMethods.index(knownMethod) << 40) | ((long) Math.max(0, status) << 8)
        | (error == null ? 0xFF : error.ordinal());
    Attributes attributes = requestOutcomes.get(key);
    if (attributes == null) {
      AttributesBuilder builder = base.toBuilder().put(METHOD, knownMethod);
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
}
