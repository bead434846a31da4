package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.config.PoolSettings;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.core5.function.Resolver;
import org.apache.hc.core5.util.TimeValue;

/**
 * Connection TTL and validate-after-inactivity for HttpClient 5.2+ managers, per route so that per-host
 * overrides apply. Only touched after checking that {@code ConnectionConfig} exists (5.2+).
 */
final class ConnectionConfigs implements Resolver<HttpRoute, ConnectionConfig> {
  private final AgentConfig config;
  private final ConcurrentHashMap<PoolSettings, ConnectionConfig> bySettings = new ConcurrentHashMap<>();

  ConnectionConfigs(AgentConfig config) {
    this.config = config;
  }

  @Override
  public ConnectionConfig resolve(HttpRoute route) {
    PoolSettings settings = config.poolSettings(route.getTargetHost().getHostName(),
        Routes.port(route.getTargetHost()));
    ConnectionConfig resolved = bySettings.get(settings);
    if (resolved == null) {
      resolved = create(settings);
      bySettings.putIfAbsent(settings, resolved);
    }
    return resolved;
  }

  private static ConnectionConfig create(PoolSettings settings) {
    ConnectionConfig.Builder builder = ConnectionConfig.custom()
        .setValidateAfterInactivity(TimeValue.ofMilliseconds(settings.validateAfterInactivityMillis()));
    if (settings.connectionTtlMillis() > 0) {
      builder.setTimeToLive(TimeValue.ofMilliseconds(settings.connectionTtlMillis()));
    }
    return builder.build();
  }
}
