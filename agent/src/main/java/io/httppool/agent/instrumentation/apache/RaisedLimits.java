package io.httppool.agent.instrumentation.apache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import java.util.function.ObjIntConsumer;
import java.util.function.ToIntFunction;

/**
 * The limits of a shared pool that handles onto it raise: a handle may hold as many connections as the limits of
 * the application's own manager allow, so the pool's limits are raised to them where they are lower, and never
 * lowered again, so that no client gets fewer connections than its own manager would give it. A per-host setting of
 * the agent's applies to its route, though never below what a handle asked for. A handle asks at every lease; while
 * its limits are within what the pool has, the answer takes no lock (the pool's getters take the pool's).
 *
 * @param <R> the library's route
 */
public final class RaisedLimits<R> {
  private final IntConsumer setMaxTotal;
  private final ToIntFunction<R> maxPerRoute;
  private final ObjIntConsumer<R> setMaxPerRoute;
  private volatile int maxTotal;
  /** The pool's limit of a route, as set or read here. */
  private final ConcurrentHashMap<R, Integer> routeMax = new ConcurrentHashMap<>();
  /** The most a handle asked for, per route. */
  private final ConcurrentHashMap<R, Integer> askedByHandles = new ConcurrentHashMap<>();

  /**
   * The pool's own setters and getter of its limits.
   *
   * @param maxTotal the total limit the pool was made with
   */
  public RaisedLimits(IntConsumer setMaxTotal, ToIntFunction<R> maxPerRoute, ObjIntConsumer<R> setMaxPerRoute,
      int maxTotal) {
    this.setMaxTotal = setMaxTotal;
    this.maxPerRoute = maxPerRoute;
    this.setMaxPerRoute = setMaxPerRoute;
    this.maxTotal = maxTotal;
  }

  /** A handle may hold up to {@code perRoute} connections of the route and {@code total} in all. */
  public void allowAtLeast(R route, int perRoute, int total) {
    Integer known = routeMax.get(route);
    if (total <= maxTotal && known != null && perRoute <= known) {
      return;
    }
    synchronized (this) {
      if (total > maxTotal) {
        setMaxTotal.accept(total);
        maxTotal = total;
      }
      Integer asked = askedByHandles.get(route);
      if (asked == null || perRoute > asked) {
        askedByHandles.put(route, perRoute);
      }
      int now = maxPerRoute.applyAsInt(route);
      if (perRoute > now) {
        setMaxPerRoute.accept(route, perRoute);
        now = perRoute;
      }
      routeMax.put(route, now);
    }
  }

  /** The agent's per-host setting for the route, once: its limit, unless a handle asked for more. */
  public synchronized void configure(R route, int perHost) {
    Integer asked = askedByHandles.get(route);
    int limit = asked == null ? perHost : Math.max(perHost, asked);
    setMaxPerRoute.accept(route, limit);
    routeMax.put(route, limit);
  }

  /** The route's limit as set or read here (limits only rise after that), or {@link PoolLimitFields#UNKNOWN}. */
  public int knownMaxPerRoute(R route) {
    Integer known = routeMax.get(route);
    return known == null ? PoolLimitFields.UNKNOWN : known;
  }
}
