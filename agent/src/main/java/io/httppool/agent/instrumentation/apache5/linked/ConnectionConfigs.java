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
 * overrides apply. Only touched after checking that {@code ConnectionConfig} exists (5.2+). Where the agent's
 * stale-connection guard validates idle connections itself, the manager's own check is turned off (a negative
 * value; null would mean the library's 2 s).
 */
final class ConnectionConfigs implements Resolver<HttpRoute, ConnectionConfig> {
  private final AgentConfig config;
  private final boolean libraryValidates;
  private final ConcurrentHashMap<PoolSettings, ConnectionConfig> bySettings = new ConcurrentHashMap<>();

  ConnectionConfigs(AgentConfig config, boolean libraryValidates) {
    this.config = config;
    this.libraryValidates = libraryValidates;
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

  private ConnectionConfig create(PoolSettings settings) {
    ConnectionConfig.Builder builder = ConnectionConfig.custom().setValidateAfterInactivity(libraryValidates
        ? TimeValue.ofMilliseconds(settings.validateAfterInactivityMillis()) : TimeValue.NEG_ONE_MILLISECOND);
    if (settings.connectionTtlMillis() > 0) {
      builder.setTimeToLive(TimeValue.ofMilliseconds(settings.connectionTtlMillis()));
    }
    return builder.build();
  }
}
