package io.httppool.agent.jmx;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.Destinations;
import io.httppool.agent.core.PoolEvents;
import io.httppool.agent.core.PoolState;
import io.httppool.agent.metrics.PoolReport;
import io.httppool.agent.metrics.PoolSummary;
import io.httppool.bootstrap.AgentLog;
import java.util.List;

/** The MBean of one destination: every read takes a fresh summary, so JMX shows the pool as it is now. */
final class Pool implements PoolMXBean {
  private final Destination destination;
  private final Destinations destinations;
  private final PoolState poolState;
  private final PoolEvents events;
  private final String agentVersion;

  Pool(Destination destination, Destinations destinations, PoolState poolState, PoolEvents events,
      String agentVersion) {
    this.destination = destination;
    this.destinations = destinations;
    this.poolState = poolState;
    this.events = events;
    this.agentVersion = agentVersion;
  }

  private PoolSummary now() {
    return PoolSummary.of(destination, poolState, events);
  }

  @Override
  public String getClient() {
    return destination.client().id();
  }

  @Override
  public String getScheme() {
    return destination.scheme();
  }

  @Override
  public String getHost() {
    return destination.host();
  }

  @Override
  public int getPort() {
    return destination.port();
  }

  @Override
  public String getStatus() {
    return now().status;
  }

  @Override
  public int getActive() {
    return now().active;
  }

  @Override
  public int getIdle() {
    return now().idle;
  }

  @Override
  public int getMax() {
    return now().max;
  }

  @Override
  public int getPending() {
    return now().pending;
  }

  @Override
  public double getUtilization() {
    return now().utilization;
  }

  @Override
  public long getOpened() {
    return now().opened;
  }

  @Override
  public long getAcquires() {
    return now().acquires;
  }

  @Override
  public double getReuseRate() {
    return now().reuseRate;
  }

  @Override
  public long getRequests() {
    return now().requests;
  }

  @Override
  public long getFailedRequests() {
    return now().failedRequests;
  }

  @Override
  public double getP50Millis() {
    return now().p50Millis;
  }

  @Override
  public double getP95Millis() {
    return now().p95Millis;
  }

  @Override
  public double getP99Millis() {
    return now().p99Millis;
  }

  @Override
  public long getErrors() {
    return now().errors;
  }

  @Override
  public String getErrorsByType() {
    return now().errorsByType;
  }

  @Override
  public long getEvictions() {
    return now().evictions;
  }

  @Override
  public String getEvictionsByReason() {
    return now().evictionsByReason;
  }

  @Override
  public long getLeaks() {
    return now().leaks;
  }

  @Override
  public String getEvents() {
    return now().events;
  }

  @Override
  public String report() {
    return join(PoolReport.render(destinations, poolState, agentVersion, events));
  }

  @Override
  public String printReport() {
    List<String> lines = PoolReport.render(destinations, poolState, agentVersion, events);
    for (String line : lines) {
      AgentLog.print(line);
    }
    return join(lines);
  }

  private static String join(List<String> lines) {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append('\n');
    }
    return text.toString();
  }
}
