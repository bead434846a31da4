package io.httppool.agent.core;

import io.httppool.agent.metrics.PoolMetrics;

/** Starts a {@link CallTrace} for each call of a library that reports call and connection events. */
public final class CallTracer {
  private final Client client;
  private final PoolMetrics metrics;
  private final ConnectionTracker connections;
  private final StaleConnectionGuard staleGuard;

  public CallTracer(Client client, PoolMetrics metrics, ConnectionTracker connections,
      StaleConnectionGuard staleGuard) {
    this.client = client;
    this.metrics = metrics;
    this.connections = connections;
    this.staleGuard = staleGuard;
  }

  public CallTrace newCall() {
    return new CallTrace(client, metrics, connections, staleGuard);
  }
}
