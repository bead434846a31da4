package io.httppool.agent.metrics;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.DestinationTotals;
import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.LatencyRecorder;
import io.httppool.agent.core.PoolState;
import io.httppool.bootstrap.AgentStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** A human-readable table of every pool: what it holds now, and what it did since the JVM started. */
public final class PoolReport {
  private static final String ROW = "%-14s %-32s %7s %9s %7s %7s %5s %4s %8s %9s %8s %8s %8s  %s";

  private PoolReport() {}

  public static List<String> render(PoolMetrics metrics, String agentVersion) {
    Map<Destination, PoolState.Figures> now = metrics.poolState().snapshot();
    List<Destination> destinations = new ArrayList<>(metrics.destinations().all());
    Collections.sort(destinations, new Comparator<Destination>() {
      @Override
      public int compare(Destination a, Destination b) {
        return a.toString().compareTo(b.toString());
      }
    });
    List<String> lines = new ArrayList<>();
    lines.add("pool report, httppool-agent " + agentVersion);
    lines.add(String.format(Locale.ROOT, ROW, "client", "destination", "opened", "acquires", "reuse", "active",
        "idle", "max", "pending", "requests", "p50 ms", "p95 ms", "p99 ms", "errors, evictions, leaks"));
    for (Destination destination : destinations) {
      DestinationTotals totals = destination.totals();
      PoolState.Figures figures = now.get(destination);
      long opened = totals.newConnections();
      long acquires = opened + totals.reusedConnections();
      LatencyRecorder latency = totals.requestLatency();
      lines.add(String.format(Locale.ROOT, ROW,
          destination.client().id(),
          destination.scheme() + "://" + destination.host() + ":" + destination.port(),
          opened,
          acquires,
          acquires == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * totals.reusedConnections() / acquires),
          figures == null ? "0" : Integer.toString(figures.active),
          figures == null ? "0" : Integer.toString(figures.idle),
          figures == null || figures.max < 0 ? "-" : Integer.toString(figures.max),
          figures == null || figures.pending < 0 ? "-" : Integer.toString(figures.pending),
          totals.requests(),
          millis(latency.quantileMillis(0.50)),
          millis(latency.quantileMillis(0.95)),
          millis(latency.quantileMillis(0.99)),
          outcomes(totals)));
    }
    if (destinations.isEmpty()) {
      lines.add("(no connections yet)");
    }
    lines.add("agent health: " + AgentStatus.transformationErrors() + " transformation errors, "
        + AgentStatus.adviceErrors() + " internal errors");
    return lines;
  }

  private static String millis(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String outcomes(DestinationTotals totals) {
    StringBuilder text = new StringBuilder();
    for (ErrorType type : ErrorType.values()) {
      long count = totals.errors(type);
      if (count > 0) {
        text.append(text.length() == 0 ? "" : " ").append(type.id()).append('=').append(count);
      }
    }
    for (Map.Entry<String, LongAdder> eviction : totals.evictions().entrySet()) {
      text.append(text.length() == 0 ? "" : " ").append("evicted.").append(eviction.getKey()).append('=')
          .append(eviction.getValue().sum());
    }
    for (Map.Entry<String, LongAdder> retry : totals.retries().entrySet()) {
      text.append(text.length() == 0 ? "" : " ").append("retried.").append(retry.getKey()).append('=')
          .append(retry.getValue().sum());
    }
    if (totals.leaks() > 0) {
      text.append(text.length() == 0 ? "" : " ").append("leaks=").append(totals.leaks());
    }
    return text.length() == 0 ? "none" : text.toString();
  }
}
