package io.httppool.agent;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.core.Destinations;
import io.httppool.agent.core.Maintenance;
import io.httppool.agent.core.PoolEvents;
import io.httppool.agent.core.PoolState;
import io.httppool.agent.jmx.JmxPools;
import io.httppool.agent.metrics.PoolMetrics;
import io.httppool.agent.metrics.PoolReport;
import io.httppool.agent.metrics.Telemetry;
import io.httppool.bootstrap.AgentLog;

/**
 * What every client family shares: telemetry, destinations, pool state, maintenance, pool events and JMX. Started
 * when the first family is activated, so that an application that uses no HTTP client pays nothing for them.
 */
final class AgentCore {
  /** How long the exit waits for a collector that does not answer. */
  private static final long SHUTDOWN_BUDGET_MILLIS = 900;
  /** How long it waits at most for a flush the JVM is still computing (a first export on a busy machine). */
  private static final long SHUTDOWN_LIMIT_MILLIS = 3_000;

  private final AgentConfig config;
  private final String version;
  private Telemetry telemetry;
  private Maintenance maintenance;
  private Destinations destinations;
  private PoolState poolState;
  private PoolEvents events;
  private AgentContext context;

  AgentCore(AgentConfig config, String version) {
    this.config = config;
    this.version = version;
  }

  /** The context the families get; starts the core on the first call. */
  synchronized AgentContext context() {
    if (context == null) {
      telemetry = Telemetry.start(version, config.telemetrySettings());
      destinations = new Destinations(config.metricsMaxHosts());
      poolState = new PoolState();
      maintenance = new Maintenance();
      AgentContext started = new AgentContext(config, destinations, poolState,
          new PoolMetrics(telemetry.meter(), poolState), maintenance);
      events = PoolEvents.start(config, destinations, poolState, started.recorder(), maintenance);
      JmxPools.start(config, destinations, poolState, events, maintenance, version);
      context = started;
    }
    return context;
  }

  /** At exit: stops maintenance, prints the report if asked, flushes metrics. */
  void shutdown() {
    synchronized (this) {
      if (context != null) {
        maintenance.shutdown();
      } else if (config.reportOnExit()) {
        // no family was ever used: the report has no destination
        destinations = new Destinations(config.metricsMaxHosts());
        poolState = new PoolState();
      }
    }
    if (config.reportOnExit()) {
      for (String line : PoolReport.render(destinations, poolState, version, events)) {
        AgentLog.print(line);
      }
    }
    if (telemetry != null) {
      telemetry.shutdown(SHUTDOWN_BUDGET_MILLIS, SHUTDOWN_LIMIT_MILLIS);
    }
  }
}
