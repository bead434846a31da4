package io.httppool.agent.core;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sums what every registered pool reports, per destination: the source of the open-connection, maximum and
 * pending gauges and of the report. Read only when metrics are collected or a report is printed.
 */
public final class PoolState {
  /** The figures of one destination, summed over the pools that serve it. */
  public static final class Figures {
    public int active;
    public int idle;
    public int max = -1;
    public int pending = -1;

    void add(int active, int idle, int max, int pending) {
      this.active += active;
      this.idle += idle;
      if (max >= 0) {
        this.max = Math.max(this.max, 0) + max;
      }
      if (pending >= 0) {
        this.pending = Math.max(this.pending, 0) + pending;
      }
    }
  }

  private final CopyOnWriteArrayList<PoolView> views = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, AtomicInteger> notShared = new ConcurrentHashMap<>();

  /**
   * A pool the application made that the agent could not share, and why (one reason per pool), for the report:
   * {@code reason} names the setting, like "custom TLS socket factory com.example.PinningFactory".
   */
  public void notShared(Client client, String what, String reason) {
    notShared.computeIfAbsent(client.id() + " " + what + ": " + reason, line -> new AtomicInteger())
        .incrementAndGet();
  }

  /** Each reason the application's pools were not shared, with how many pools it kept apart. */
  public Map<String, Integer> notShared() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Map.Entry<String, AtomicInteger> entry : notShared.entrySet()) {
      counts.put(entry.getKey(), entry.getValue().get());
    }
    return counts;
  }

  public void register(PoolView view) {
    views.addIfAbsent(view);
  }

  public void unregister(PoolView view) {
    views.remove(view);
  }

  public Map<Destination, Figures> snapshot() {
    final Map<Destination, Figures> figures = new IdentityHashMap<>();
    PoolView.Observer collector = new PoolView.Observer() {
      @Override
      public void destination(Destination destination, int active, int idle, int max, int pending) {
        Figures sum = figures.get(destination);
        if (sum == null) {
          sum = new Figures();
          figures.put(destination, sum);
        }
        sum.add(active, idle, max, pending);
      }
    };
    for (PoolView view : views) {
      try {
        view.observe(collector);
      } catch (RuntimeException e) {
        io.httppool.bootstrap.AgentStatus.adviceFailed("pool observation", e);
      }
    }
    return figures;
  }
}
