package io.httppool.agent;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.core.Maintenance;
import io.httppool.agent.core.StaleConnectionGuard;
import io.httppool.agent.core.StaleRetry;
import io.httppool.agent.metrics.PoolMetrics;

/**
 * What every client family gets from the installer: the configuration, the metrics, the maintenance thread, and the
 * stale-connection guard and retry.
 */
public final class AgentContext {
  private final AgentConfig config;
  private final PoolMetrics metrics;
  private final Maintenance maintenance;
  private final StaleConnectionGuard staleGuard;
  private final StaleRetry staleRetry;

  public AgentContext(AgentConfig config, PoolMetrics metrics, Maintenance maintenance) {
    this.config = config;
    this.metrics = metrics;
    this.maintenance = maintenance;
    this.staleGuard = new StaleConnectionGuard(config, metrics);
    this.staleRetry = new StaleRetry(config, metrics);
  }

  public AgentConfig config() {
    return config;
  }

  public PoolMetrics metrics() {
    return metrics;
  }

  public Maintenance maintenance() {
    return maintenance;
  }

  /** One guard for every family, so that what a server taught through one client protects the others. */
  public StaleConnectionGuard staleGuard() {
    return staleGuard;
  }

  public StaleRetry staleRetry() {
    return staleRetry;
  }
}
