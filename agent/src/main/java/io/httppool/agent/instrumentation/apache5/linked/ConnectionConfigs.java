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
 * overrides apply. Only touched after checking that {@code ConnectionConfig} exists (5.2+). The manager's own
 * validate-after-inactivity check is turned off (a negative value; null would mean the library's 2 s): on classic
 * pools the agent's stale-connection guard probes idle connections itself, and async managers of 5.2 to 5.5 do
 * not check an idle HTTP/1.1 connection at all but drop it, while their reactor already sees a server's close.
 * Built on an application manager's configuration, its own timeouts stay and the shorter TTL wins.
 */
final class ConnectionConfigs implements Resolver<HttpRoute, ConnectionConfig> {
  private final AgentConfig config;
  /** The application managers' configuration this pool's connections keep (their timeouts and TTL), or null. */
  private final ConnectionConfig base;
  private final ConcurrentHashMap<PoolSettings, ConnectionConfig> bySettings = new ConcurrentHashMap<>();

  ConnectionConfigs(AgentConfig config) {
    this(config, null);
  }

  ConnectionConfigs(AgentConfig config, ConnectionConfig base) {
    this.config = config;
    this.base = base;
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
    ConnectionConfig.Builder builder = (base == null ? ConnectionConfig.custom() : ConnectionConfig.copy(base))
        .setValidateAfterInactivity(TimeValue.NEG_ONE_MILLISECOND);
    TimeValue ownTtl = base == null ? null : base.getTimeToLive();
    boolean ownTtlShorter = TimeValue.isPositive(ownTtl) && ownTtl.toMilliseconds() < settings.connectionTtlMillis();
    if (settings.connectionTtlMillis() > 0 && !ownTtlShorter) {
      builder.setTimeToLive(TimeValue.ofMilliseconds(settings.connectionTtlMillis()));
    }
    return builder.build();
  }
}
