package io.httppool.agent.metrics;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.DestinationTotals;
import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.LatencyRecorder;
import io.httppool.agent.core.PoolEvents;
import io.httppool.agent.core.PoolState;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The figures of one pool (one destination) at one moment, as the report prints them and the MBean serves
 * them. Unknown values are -1 (a maximum OkHttp does not have, a reuse rate before the first acquire) or NaN
 * (a percentile before the first request).
 */
public final class PoolSummary {
  public final Destination destination;
  public final String status;
  public final int active;
  public final int idle;
  public final int max;
  public final int pending;
  public final double utilization;
  public final long opened;
  public final long acquires;
  public final double reuseRate;
  public final long requests;
  public final long failedRequests;
  public final double p50Millis;
  public final double p95Millis;
  public final double p99Millis;
  public final long errors;
  public final String errorsByType;
  public final long evictions;
  public final String evictionsByReason;
  public final String retriesByReason;
  public final long leaks;
  public final String events;
  public final String bodiesByAction;

  PoolSummary(Destination destination, PoolState.Figures figures, PoolEvents poolEvents) {
    this.destination = destination;
    DestinationTotals totals = destination.totals();
    this.status = poolEvents == null ? "-" : poolEvents.status(destination);
    this.active = figures == null ? 0 : figures.active;
    this.idle = figures == null ? 0 : figures.idle;
    this.max = figures == null ? -1 : figures.max;
    this.pending = figures == null ? -1 : figures.pending;
    this.utilization = max > 0 ? (double) active / max : -1;
    this.opened = totals.newConnections();
    this.acquires = opened + totals.reusedConnections();
    this.reuseRate = acquires == 0 ? -1 : (double) totals.reusedConnections() / acquires;
    this.requests = totals.requests();
    this.failedRequests = totals.failedRequests();
    LatencyRecorder latency = totals.requestLatency();
    this.p50Millis = latency.quantileMillis(0.50);
    this.p95Millis = latency.quantileMillis(0.95);
    this.p99Millis = latency.quantileMillis(0.99);
    this.errors = totals.errors();
    StringBuilder byType = new StringBuilder();
    for (ErrorType type : ErrorType.values()) {
      long count = totals.errors(type);
      if (count > 0) {
        byType.append(byType.length() == 0 ? "" : " ").append(type.id()).append('=').append(count);
      }
    }
    this.errorsByType = byType.toString();
    this.evictions = totals.evictionsTotal();
    this.evictionsByReason = counts(totals.evictions());
    this.retriesByReason = counts(totals.retries());
    this.leaks = totals.leaks();
    this.events = counts(totals.events());
    this.bodiesByAction = counts(totals.bodies());
  }

  /** The summary of a destination now. */
  public static PoolSummary of(Destination destination, PoolState poolState, PoolEvents events) {
    return new PoolSummary(destination, poolState.snapshot().get(destination), events);
  }

  /** {@code key=count} pairs, sorted by key, separated by spaces; empty when none. */
  private static String counts(Map<String, LongAdder> counters) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, LongAdder> entry : new TreeMap<String, LongAdder>(counters).entrySet()) {
      text.append(text.length() == 0 ? "" : " ").append(entry.getKey()).append('=').append(entry.getValue().sum());
    }
    return text.toString();
  }
}
