package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.config.PoolSettings;
import io.httppool.agent.config.Scheduling;
import io.httppool.agent.core.LeakDetector;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.instrumentation.apache.RaisedLimits;
import io.httppool.agent.instrumentation.apache.SharedPools;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;

/**
 * One shared classic pooling manager, built the way {@code HttpClientBuilder.build()} builds its default one
 * (with or without system properties), with the agent's limits, and the handle clients get. The manager's own
 * validate-after-inactivity check is off: the agent's stale-connection guard validates idle connections at lease
 * instead (its probe after {@code validate-after-inactivity}, plus the idle limits), and learns from what it finds.
 * The pool of application managers with settings of their own takes their socket and connection configuration.
 */
final class ClassicSharedPool implements SharedPools.Pool {
  private final PoolingHttpClientConnectionManager manager;
  private final NonClosingConnectionManager handle;
  private final Eviction eviction;
  private final long idleTimeoutMillis;
  private final RaisedLimits<HttpRoute> limits;

  ClassicSharedPool(AgentConfig config, PoolRecorder recorder, Routes routes, LeakDetector leaks,
      boolean systemProperties, boolean connectionConfigs, boolean learnClientCertificates,
      Interchangeable.Configs appConfigs) {
    PoolSettings settings = config.defaultPoolSettings();
    PoolingHttpClientConnectionManagerBuilder builder = PoolingHttpClientConnectionManagerBuilder.create()
        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
        .setConnPoolPolicy(config.scheduling() == Scheduling.FIFO ? PoolReusePolicy.FIFO : PoolReusePolicy.LIFO)
        .setMaxConnTotal(config.maxConnections())
        .setMaxConnPerRoute(settings.maxConnectionsPerHost());
    if (systemProperties) {
      builder.useSystemProperties();
    }
    if (appConfigs != null) {
      builder.setDefaultSocketConfig((SocketConfig) appConfigs.socket);
    }
    if (connectionConfigs) {
      ClassicConnectionConfigs.apply(builder, config, appConfigs == null ? null : appConfigs.connection);
    } else {
      builder.setValidateAfterInactivity(TimeValue.NEG_ONE_MILLISECOND);
      if (settings.connectionTtlMillis() > 0) {
        builder.setConnectionTimeToLive(TimeValue.ofMilliseconds(settings.connectionTtlMillis()));
      }
    }
    manager = builder.build();
    // with system properties the builder applies http.maxConnections after the limits: the agent's win
    manager.setMaxTotal(config.maxConnections());
    manager.setDefaultMaxPerRoute(settings.maxConnectionsPerHost());
    limits = new RaisedLimits<>(manager::setMaxTotal, manager::getMaxPerRoute, manager::setMaxPerRoute,
        config.maxConnections());
    handle = new NonClosingConnectionManager(manager, config, routes, leaks, learnClientCertificates, limits);
    eviction = new Eviction(recorder, routes, manager);
    idleTimeoutMillis = settings.idleTimeoutMillis();
  }

  /** See {@link RaisedLimits#allowAtLeast}. */
  void allowAtLeast(HttpRoute route, int perRoute, int total) {
    limits.allowAtLeast(route, perRoute, total);
  }

  /** Idle connections of the route, without making the pool keep statistics for a route it never served. */
  int idle(HttpRoute route) {
    return manager.getRoutes().contains(route) ? manager.getStats(route).getAvailable() : 0;
  }

  NonClosingConnectionManager handle() {
    return handle;
  }

  PoolingHttpClientConnectionManager manager() {
    return manager;
  }

  @Override
  public void evict() {
    eviction.run(manager, idleTimeoutMillis);
  }

  /** Kept apart so that 5.0 and 5.1, which have no {@code ConnectionConfig}, never load it. */
  private static final class ClassicConnectionConfigs {
    static void apply(PoolingHttpClientConnectionManagerBuilder builder, AgentConfig config, Object appConfig) {
      builder.setConnectionConfigResolver(new ConnectionConfigs(config, (ConnectionConfig) appConfig));
    }
  }
}
