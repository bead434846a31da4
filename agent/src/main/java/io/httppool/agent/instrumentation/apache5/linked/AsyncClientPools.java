package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.config.PoolSettings;
import io.httppool.agent.config.Scheduling;
import io.httppool.agent.core.PoolRecorder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;

/**
 * The async managers the agent makes: the pool of each shared engine ({@link SharedAsyncEngines}), and one per
 * client for an async client built without a manager whose settings keep it off the engines (its connections live
 * on its own reactor and die when it closes; the client closes that manager as it would its default one). Each has
 * the agent's limits and is evicted by the agent.
 */
final class AsyncClientPools {
  private final AgentConfig config;
  private final PoolRecorder recorder;
  private final Routes routes;
  private final boolean connectionConfigs;
  private final Map<PoolingAsyncClientConnectionManager, Eviction> managers =
      Collections.synchronizedMap(new WeakHashMap<PoolingAsyncClientConnectionManager, Eviction>());

  AsyncClientPools(AgentConfig config, PoolRecorder recorder, Routes routes, boolean connectionConfigs) {
    this.config = config;
    this.recorder = recorder;
    this.routes = routes;
    this.connectionConfigs = connectionConfigs;
  }

  PoolingAsyncClientConnectionManager create(boolean systemProperties) {
    PoolSettings settings = config.defaultPoolSettings();
    PoolingAsyncClientConnectionManagerBuilder builder = PoolingAsyncClientConnectionManagerBuilder.create()
        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
        .setConnPoolPolicy(config.scheduling() == Scheduling.FIFO ? PoolReusePolicy.FIFO : PoolReusePolicy.LIFO)
        .setMaxConnTotal(config.maxConnections())
        .setMaxConnPerRoute(settings.maxConnectionsPerHost());
    if (systemProperties) {
      builder.useSystemProperties();
    }
    if (connectionConfigs) {
      AsyncConnectionConfigs.apply(builder, config);
    } else {
      builder.setValidateAfterInactivity(TimeValue.ofMilliseconds(settings.validateAfterInactivityMillis()));
      if (settings.connectionTtlMillis() > 0) {
        builder.setConnectionTimeToLive(TimeValue.ofMilliseconds(settings.connectionTtlMillis()));
      }
    }
    PoolingAsyncClientConnectionManager manager = builder.build();
    manager.setMaxTotal(config.maxConnections());
    manager.setDefaultMaxPerRoute(settings.maxConnectionsPerHost());
    managers.put(manager, new Eviction(recorder, routes, manager));
    return manager;
  }

  boolean isAgents(Object manager) {
    return managers.containsKey(manager);
  }

  void evict() {
    List<Map.Entry<PoolingAsyncClientConnectionManager, Eviction>> entries;
    synchronized (managers) {
      entries = new ArrayList<>(managers.entrySet());
    }
    long idleTimeout = config.defaultPoolSettings().idleTimeoutMillis();
    for (Map.Entry<PoolingAsyncClientConnectionManager, Eviction> entry : entries) {
      entry.getValue().run(entry.getKey(), idleTimeout);
    }
  }

  /** Kept apart so that 5.0 and 5.1, which have no {@code ConnectionConfig}, never load it. */
  private static final class AsyncConnectionConfigs {
    static void apply(PoolingAsyncClientConnectionManagerBuilder builder, AgentConfig config) {
      builder.setConnectionConfigResolver(new ConnectionConfigs(config));
    }
  }
}
