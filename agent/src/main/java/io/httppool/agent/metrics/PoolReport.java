package io.httppool.agent.metrics;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.Destinations;
import io.httppool.agent.core.PoolEvents;
import io.httppool.agent.core.PoolState;
import io.httppool.bootstrap.AgentStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A human-readable table of every pool: its status (the pool events that hold now), what it holds now, and what
 * it did since the JVM started. Printed at exit with {@code report-on-exit=true} and on demand through JMX.
 */
public final class PoolReport {
  private static final String ROW =
      "%-14s %-32s %-16s %7s %9s %6s %6s %5s %4s %5s %7s %9s %8s %8s %8s  %s";

  private PoolReport() {}

  public static List<String> render(Destinations all, PoolState poolState, String agentVersion) {
    return render(all, poolState, agentVersion, null);
  }

  /** @param events the source of each pool's status; null prints {@code -} */
  public static List<String> render(Destinations all, PoolState poolState, String agentVersion,
      PoolEvents events) {
    Map<Destination, PoolState.Figures> now = poolState.snapshot();
    List<Destination> destinations = new ArrayList<>(all.all());
    Collections.sort(destinations, new Comparator<Destination>() {
      @Override
      public int compare(Destination a, Destination b) {
        return a.toString().compareTo(b.toString());
      }
    });
    List<String> lines = new ArrayList<>();
    lines.add("pool report, httppool-agent " + agentVersion);
    lines.add(String.format(Locale.ROOT, ROW, "client", "destination", "status", "opened", "acquires", "reuse",
        "active", "idle", "max", "util", "pending", "requests", "p50 ms", "p95 ms", "p99 ms",
        "errors, evictions, leaks, bodies"));
    for (Destination destination : destinations) {
      PoolSummary pool = new PoolSummary(destination, now.get(destination), events);
      lines.add(String.format(Locale.ROOT, ROW,
          destination.client().id(),
          destination.scheme() + "://" + destination.host() + ":" + destination.port(),
          pool.status,
          pool.opened,
          pool.acquires,
          pool.reuseRate < 0 ? "-" : percent(pool.reuseRate),
          pool.active,
          pool.idle,
          pool.max < 0 ? "-" : Integer.toString(pool.max),
          pool.utilization < 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * pool.utilization),
          pool.pending < 0 ? "-" : Integer.toString(pool.pending),
          pool.requests,
          millis(pool.p50Millis),
          millis(pool.p95Millis),
          millis(pool.p99Millis),
          outcomes(pool)));
    }
    if (destinations.isEmpty()) {
      lines.add("(no connections yet)");
    }
    for (Map.Entry<String, Integer> kept : poolState.notShared().entrySet()) {
      lines.add("not shared: " + kept.getKey() + " (" + kept.getValue() + ")");
    }
    lines.add("agent health: " + AgentStatus.transformationErrors() + " transformation errors, "
        + AgentStatus.adviceErrors() + " internal errors");
    return lines;
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  private static String millis(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String outcomes(PoolSummary pool) {
    StringBuilder text = new StringBuilder(pool.errorsByType);
    append(text, "evicted.", pool.evictionsByReason);
    append(text, "retried.", pool.retriesByReason);
    append(text, "event.", pool.events);
    append(text, "bodies.", pool.bodiesByAction);
    if (pool.leaks > 0) {
      text.append(text.length() == 0 ? "" : " ").append("leaks=").append(pool.leaks);
    }
    return text.length() == 0 ? "none" : text.toString();
  }

  private static void append(StringBuilder text, String prefix, String pairs) {
    if (pairs.isEmpty()) {
      return;
    }
    for (String pair : pairs.split(" ")) {
      text.append(text.length() == 0 ? "" : " ").append(prefix).append(pair);
    }
  }
}
