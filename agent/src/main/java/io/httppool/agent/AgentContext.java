package io.httppool.agent;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.core.Maintenance;
import io.httppool.agent.metrics.PoolMetrics;

/** What every client family gets from the installer: the configuration, the metrics and the maintenance thread. */
public final class AgentContext {
  private final AgentConfig config;
  private final PoolMetrics metrics;
  private final Maintenance maintenance;

  public AgentContext(AgentConfig config, PoolMetrics metrics, Maintenance maintenance) {
    this.config = config;
    this.metrics = metrics;
    this.maintenance = maintenance;
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
}
