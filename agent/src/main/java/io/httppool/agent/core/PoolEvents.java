package io.httppool.agent.core;

import io.httppool.agent.config.AgentConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every pool once a second, on the maintenance thread, for three conditions an operator wants to hear
 * about: {@code high_utilization} (active / max above a threshold for a sustained period; only where the pool
 * has a maximum), {@code pool_exhausted} (a request had to wait for a connection) and {@code high_error_rate}
 * (more than a share of the requests in a sliding window failed). While a condition lasts, it is an event once
 * a minute per destination: one agent log line and one increment of {@code httppool.events}.
 */
public final class PoolEvents {
  private static final Logger log = LoggerFactory.getLogger(PoolEvents.class);

  /** The {@code httppool.event} values. */
  public enum Kind {
    HIGH_UTILIZATION("high_utilization"),
    POOL_EXHAUSTED("pool_exhausted"),
    HIGH_ERROR_RATE("high_error_rate");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  static final long REPEAT_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** Fewer requests than this in the window say nothing about an error rate (1 failure of 1 is not 100 %). */
  static final int MIN_REQUESTS_IN_WINDOW = 10;

  private final Destinations destinations;
  private final PoolState poolState;
  private final PoolRecorder recorder;
  private final double utilizationThreshold;
  private final long utilizationDurationNanos;
  private final double errorRateThreshold;
  private final long errorWindowNanos;
  private final LongSupplier clock;
  private final Consumer<String> sink;
  private final Map<Destination, Watch> watches = new IdentityHashMap<>();
  private final ConcurrentHashMap<Destination, String> statuses = new ConcurrentHashMap<>();

  PoolEvents(Destinations destinations, PoolState poolState, PoolRecorder recorder, double utilizationThreshold,
      long utilizationDurationMillis, double errorRateThreshold, long errorWindowMillis, LongSupplier clock,
      Consumer<String> sink) {
    this.destinations = destinations;
    this.poolState = poolState;
    this.recorder = recorder;
    this.utilizationThreshold = utilizationThreshold;
    this.utilizationDurationNanos = TimeUnit.MILLISECONDS.toNanos(utilizationDurationMillis);
    this.errorRateThreshold = errorRateThreshold;
    this.errorWindowNanos = TimeUnit.MILLISECONDS.toNanos(errorWindowMillis);
    this.clock = clock;
    this.sink = sink;
  }

  /** Starts watching on the maintenance thread, unless {@code events.enabled=false}. */
  public static PoolEvents start(AgentConfig config, Destinations destinations, PoolState poolState,
      PoolRecorder recorder, Maintenance maintenance) {
    PoolEvents events = new PoolEvents(destinations, poolState, recorder, config.highUtilizationThreshold(),
        config.highUtilizationDurationMillis(), config.errorRateThreshold(), config.errorRateWindowMillis(),
        new LongSupplier() {
          @Override
          public long getAsLong() {
            return System.nanoTime();
          }
        },
        new Consumer<String>() {
          @Override
          public void accept(String line) {
            log.warn(line);
          }
        });
    if (config.eventsEnabled()) {
      maintenance.every("pool events", new Runnable() {
        @Override
        public void run() {
          events.check();
        }
      });
    }
    return events;
  }

  /** The report's status of a destination: {@code ok}, or the conditions that hold now, like {@code high_error_rate}. */
  public String status(Destination destination) {
    String status = statuses.get(destination);
    return status == null ? "ok" : status;
  }

  /** Runs once a second on the maintenance thread. */
  void check() {
    long now = clock.getAsLong();
    Map<Destination, PoolState.Figures> figures = poolState.snapshot();
    for (Destination destination : destinations.all()) {
      Watch watch = watches.get(destination);
      if (watch == null) {
        watch = new Watch(destination, now);
        watches.put(destination, watch);
      }
      watch.check(now, figures.get(destination));
    }
  }

  /** The state of one destination between checks. */
  private final class Watch {
    private final Destination destination;
    private final long[] lastFired = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
    private final ArrayDeque<long[]> window = new ArrayDeque<>();
    private long highSince = -1;
    private long waitsSeen;
    private long waitsAtLastEvent;
    private long lastWaitNanos = Long.MIN_VALUE;

    Watch(Destination destination, long now) {
      this.destination = destination;
      // the destination appeared within the last second: everything it counted so far belongs to the window
      window.addLast(new long[] {now, 0, 0});
    }

    void check(long now, PoolState.Figures figures) {
      List<String> holding = new ArrayList<>(3);
      if (utilizationHigh(now, figures)) {
        holding.add(Kind.HIGH_UTILIZATION.id());
      }
      if (exhausted(now, figures)) {
        holding.add(Kind.POOL_EXHAUSTED.id());
      }
      if (errorRateHigh(now)) {
        holding.add(Kind.HIGH_ERROR_RATE.id());
      }
      if (holding.isEmpty()) {
        statuses.remove(destination);
      } else {
        statuses.put(destination, join(holding));
      }
    }

    private boolean utilizationHigh(long now, PoolState.Figures figures) {
      if (figures == null || figures.max <= 0 || (double) figures.active / figures.max <= utilizationThreshold) {
        highSince = -1;
        return false;
      }
      if (highSince < 0) {
        highSince = now;
      }
      long sustained = now - highSince;
      if (sustained < utilizationDurationNanos) {
        return false;
      }
      fire(Kind.HIGH_UTILIZATION, now, String.format(Locale.ROOT,
          "%s is highly utilized: %d of %d connections active (%s) for %s; threshold %s for %s",
          destination, figures.active, figures.max, percent((double) figures.active / figures.max),
          seconds(sustained), percent(utilizationThreshold), seconds(utilizationDurationNanos)));
      return true;
    }

    private boolean exhausted(long now, PoolState.Figures figures) {
      long waits = destination.totals().waitLatency().count();
      if (waits > waitsSeen) {
        waitsSeen = waits;
        lastWaitNanos = now;
        if (canFire(Kind.POOL_EXHAUSTED, now)) {
          long since = waits - waitsAtLastEvent;
          waitsAtLastEvent = waits;
          fire(Kind.POOL_EXHAUSTED, now, String.format(Locale.ROOT,
              "%s is exhausted: %d requests waited for a connection since the last report (max %s, %s pending, "
                  + "wait p99 %.1f ms)",
              destination, since, figures == null || figures.max < 0 ? "unknown" : Integer.toString(figures.max),
              figures == null || figures.pending < 0 ? "unknown" : Integer.toString(figures.pending),
              destination.totals().waitLatency().quantileMillis(0.99)));
        }
      }
      return lastWaitNanos != Long.MIN_VALUE && now - lastWaitNanos < REPEAT_NANOS;
    }

    private boolean errorRateHigh(long now) {
      DestinationTotals totals = destination.totals();
      long requests = totals.requests();
      long failed = totals.failedRequests();
      window.addLast(new long[] {now, requests, failed});
      // the oldest sample kept is the newest one at least a window old: the measured span covers the window
      while (window.size() > 2) {
        Iterator<long[]> samples = window.iterator();
        samples.next();
        if (samples.next()[0] > now - errorWindowNanos) {
          break;
        }
        window.removeFirst();
      }
      long[] oldest = window.peekFirst();
      long windowRequests = requests - oldest[1];
      long windowFailed = failed - oldest[2];
      if (windowRequests < MIN_REQUESTS_IN_WINDOW
          || (double) windowFailed / windowRequests <= errorRateThreshold) {
        return false;
      }
      fire(Kind.HIGH_ERROR_RATE, now, String.format(Locale.ROOT,
          "%s has a high error rate: %d of %d requests failed (%s) in the last %s; threshold %s",
          destination, windowFailed, windowRequests, percent((double) windowFailed / windowRequests),
          seconds(now - oldest[0]), percent(errorRateThreshold)));
      return true;
    }

    private boolean canFire(Kind kind, long now) {
      long last = lastFired[kind.ordinal()];
      return last == Long.MIN_VALUE || now - last >= REPEAT_NANOS;
    }

    private void fire(Kind kind, long now, String line) {
      if (!canFire(kind, now)) {
        return;
      }
      lastFired[kind.ordinal()] = now;
      recorder.event(destination, kind.id());
      sink.accept("event " + kind.id() + ": " + line);
    }
  }

  private static String join(List<String> parts) {
    StringBuilder joined = new StringBuilder();
    for (String part : parts) {
      joined.append(joined.length() == 0 ? "" : ",").append(part);
    }
    return joined.toString();
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  /** Whole seconds, at least 1: the checks run a second apart, so nothing is measured more finely. */
  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%ds", Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos)));
  }
}
