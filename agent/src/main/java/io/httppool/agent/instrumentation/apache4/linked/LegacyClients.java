package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.core.Maintenance;
import io.httppool.agent.metrics.PoolMetrics;

/** Legacy {@code DefaultHttpClient}: not yet shared. */
final class LegacyClients {
  LegacyClients(AgentConfig config, PoolMetrics metrics, Maintenance maintenance) {
  }

  Object managerCreated(Object client, Object manager) {
    return manager;
  }
}
