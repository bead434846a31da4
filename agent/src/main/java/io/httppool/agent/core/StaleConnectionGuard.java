package io.httppool.agent.core;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.config.PoolSettings;
import io.httppool.agent.metrics.PoolMetrics;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, when a pool is about to hand out an idle connection, whether the server may already have closed it.
 *
 * <p>A connection idle longer than its limit is not reused. The limit is the smallest of: the host's
 * {@code idle-timeout}; the server's {@code Keep-Alive: timeout} hint less a margin (a tenth of it, at least
 * 250 ms); and what was learned from this destination: when a reused connection turns out to have been closed
 * by the server after being idle for t, the limit drops to three quarters of t (never below 200 ms, never raised
 * again). A connection idle longer than {@code validate-after-inactivity} is also probed with a 1 ms read
 * (see {@link SocketProbe}); one older than {@code connection-ttl} is retired.
 */
public final class StaleConnectionGuard {
  private static final Logger log = LoggerFactory.getLogger(StaleConnectionGuard.class);
  static final long MIN_LEARNED_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final long MIN_HINT_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final AgentConfig config;
  private final PoolMetrics metrics;
  private final ConcurrentHashMap<Destination, Long> learnedLimitNanos = new ConcurrentHashMap<>();

  public StaleConnectionGuard(AgentConfig config, PoolMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  /** Whether an idle pooled connection may be reused now; counts the eviction when not. */
  public boolean mayReuse(ConnectionTracker.Tracked connection, long nowNanos) {
    Destination destination = connection.destination();
    PoolSettings settings = config.poolSettings(destination.host(), destination.port());
    long idle = connection.idleNanos(nowNanos);
    if (idle > idleLimitNanos(destination, connection, settings)) {
      return evict(connection, "idle");
    }
    long ttl = TimeUnit.MILLISECONDS.toNanos(settings.connectionTtlMillis());
    if (ttl > 0 && connection.ageNanos(nowNanos) > ttl) {
      return evict(connection, "expired");
    }
    if (idle > TimeUnit.MILLISECONDS.toNanos(settings.validateAfterInactivityMillis())
        && SocketProbe.closedByPeer(connection.socket())) {
      return evict(connection, "stale");
    }
    return true;
  }

  private boolean evict(ConnectionTracker.Tracked connection, String reason) {
    connection.evictionCounted = true;
    metrics.evicted(connection.destination(), reason);
    return false;
  }

  long idleLimitNanos(Destination destination, ConnectionTracker.Tracked connection, PoolSettings settings) {
    long limit = TimeUnit.MILLISECONDS.toNanos(settings.idleTimeoutMillis());
    long hint = TimeUnit.MILLISECONDS.toNanos(connection.keepAliveHintMillis());
    if (hint > 0) {
      limit = Math.min(limit, hint - Math.max(MIN_HINT_MARGIN_NANOS, hint / 10));
    }
    Long learned = learnedLimitNanos.get(destination);
    return learned == null ? limit : Math.min(limit, learned);
  }

  /** A reused connection failed because the server had closed it after it sat idle this long. */
  public void closedByServerAfterIdle(Destination destination, long idleNanos) {
    long proposed = Math.max(MIN_LEARNED_NANOS, idleNanos / 4 * 3);
    Long previous;
    do {
      previous = learnedLimitNanos.get(destination);
      if (previous != null && previous <= proposed) {
        return;
      }
    } while (previous == null ? learnedLimitNanos.putIfAbsent(destination, proposed) != null
        : !learnedLimitNanos.replace(destination, previous, proposed));
    log.info("{} closed a connection idle for {} ms; idle connections to it are now reused for at most {} ms",
        destination, TimeUnit.NANOSECONDS.toMillis(idleNanos), TimeUnit.NANOSECONDS.toMillis(proposed));
  }
}
