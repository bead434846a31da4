package io.httppool.agent;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.core.CountingRecorder;
import io.httppool.agent.core.Destinations;
import io.httppool.agent.core.Maintenance;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.PoolState;
import io.httppool.agent.core.StaleConnectionGuard;
import io.httppool.agent.core.StaleRetry;

/**
 * What every client family gets from the installer: the configuration, the destinations, the pool state its
 * pools register with, the recorder of what they do, the maintenance thread, and the stale-connection guard and
 * retry.
 */
public final class AgentContext {
  private final AgentConfig config;
  private final Destinations destinations;
  private final PoolState poolState;
  private final PoolRecorder recorder;
  private final Maintenance maintenance;
  private final StaleConnectionGuard staleGuard;
  private final StaleRetry staleRetry;

  /** @param metrics the metrics backend; {@link PoolRecorder#NONE} records only the report's totals */
  public AgentContext(AgentConfig config, Destinations destinations, PoolState poolState, PoolRecorder metrics,
      Maintenance maintenance) {
    this.config = config;
    this.destinations = destinations;
    this.poolState = poolState;
    this.recorder = new CountingRecorder(metrics);
    this.maintenance = maintenance;
    this.staleGuard = new StaleConnectionGuard(config, recorder);
    this.staleRetry = new StaleRetry(config, recorder);
  }

  public AgentConfig config() {
    return config;
  }

  public Destinations destinations() {
    return destinations;
  }

  /** Where each pool registers, so that the gauges and the report see it. */
  public PoolState poolState() {
    return poolState;
  }

  public PoolRecorder recorder() {
    return recorder;
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
