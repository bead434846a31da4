package io.httppool.agent.core;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.config.PoolSettings;
import java.net.Socket;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, when a pool is about to hand out an idle connection, whether the server may already have closed it.
 *
 * <p>A connection idle longer than its limit is not reused. The limit is the smallest of: the host's
 * {@code idle-timeout}; the server's {@code Keep-Alive: timeout} hint less a margin (a tenth of it, at least
 * 250 ms); and what was learned from this server through any client family: when a reused connection turns out
 * to have been closed by the server after being idle for t, the limit drops to three quarters of t (never below
 * 200 ms; a higher observation never raises it; it is forgotten after 10 minutes); a probe that finds an idle
 * connection closed teaches the same way. A connection idle longer than {@code validate-after-inactivity} is
 * probed with a 1 ms read (see {@link SocketProbe}); one older than {@code connection-ttl} is retired. While the
 * agent retries a request ({@link StaleRetry}), no idle connection is reused.
 *
 * <p>A request that no one would retry after it met a stale connection (a POST, or a body that cannot be sent
 * twice) has every idle connection probed before reuse, however briefly it was idle: a server may close a
 * keep-alive connection right after its response without saying so, and without the agent a client per request
 * would never have sent anything on that connection. The probe costs such a request up to 1 ms on a reused
 * connection; a request the library or the agent retries is left to the retry.
 */
public final class StaleConnectionGuard {
  private static final Logger log = LoggerFactory.getLogger(StaleConnectionGuard.class);
  static final long MIN_LEARNED_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final long MIN_HINT_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  /**
   * How long a learned limit is kept. A server restart or a dropped request also closes idle connections, and
   * must not cut reuse for good; a real idle timeout is found again by the next probe, without a failed request.
   */
  static final long LEARNED_MEMORY_NANOS = TimeUnit.MINUTES.toNanos(10);

  /** A limit learned from one server, and when. */
  private static final class Learned {
    final long limitNanos;
    final long learnedAtNanos;

    Learned(long limitNanos, long learnedAtNanos) {
      this.limitNanos = limitNanos;
      this.learnedAtNanos = learnedAtNanos;
    }
  }

  /** Set while the calling thread sends a request that would fail, not be retried, on a stale connection. */
  private static final ThreadLocal<Boolean> UNRETRIABLE = new ThreadLocal<>();

  private final AgentConfig config;
  private final PoolRecorder recorder;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, Learned> learnedLimits = new ConcurrentHashMap<>();

  public StaleConnectionGuard(AgentConfig config, PoolRecorder recorder) {
    this(config, recorder, new LongSupplier() {
      @Override
      public long getAsLong() {
        return System.nanoTime();
      }
    });
  }

  StaleConnectionGuard(AgentConfig config, PoolRecorder recorder, LongSupplier clock) {
    this.config = config;
    this.recorder = recorder;
    this.clock = clock;
  }

  /** Whether an idle pooled connection may be reused now; counts the eviction when not. */
  public boolean mayReuse(ConnectionTracker.Tracked connection, long nowNanos) {
    boolean reusable = mayReuse(connection, connection.socket(), connection.idleNanos(nowNanos), nowNanos);
    if (!reusable) {
      connection.evictionCounted = true;
    }
    return reusable;
  }

  /**
   * Whether an idle connection may be reused now, idle for {@code idleNanos}; {@code socket} is what the guard may
   * probe, null when it must not. When not, the eviction is counted and the caller closes the connection.
   */
  public boolean mayReuse(ConnectionRecord connection, Socket socket, long idleNanos, long nowNanos) {
    return mayReuse(connection.destination(), socket, idleNanos, connection.ageNanos(nowNanos),
        connection.keepAliveHintMillis());
  }

  /**
   * Whether an idle connection to {@code destination} may be reused now, for pools that keep their own idle
   * times. When not, the eviction is counted and the caller closes the connection. {@code keepAliveHintMillis}
   * is the server's {@code Keep-Alive: timeout} (or the library's reading of it), 0 when unknown.
   */
  public boolean mayReuse(Destination destination, Socket socket, long idleNanos, long ageNanos,
      long keepAliveHintMillis) {
    if (StaleRetry.inRetry()) {
      return evict(destination, "stale");
    }
    PoolSettings settings = config.poolSettings(destination.host(), destination.port());
    if (idleNanos > idleLimitNanos(destination, keepAliveHintMillis, settings)) {
      return evict(destination, "idle");
    }
    long ttl = TimeUnit.MILLISECONDS.toNanos(settings.connectionTtlMillis());
    if (ttl > 0 && ageNanos > ttl) {
      return evict(destination, "expired");
    }
    boolean pastValidation = idleNanos > TimeUnit.MILLISECONDS.toNanos(settings.validateAfterInactivityMillis());
    if ((pastValidation || UNRETRIABLE.get() != null) && SocketProbe.closedByPeer(socket)) {
      if (pastValidation) {
        // a close found sooner says nothing of an idle timeout (the server closes after a response, say)
        closedByServerAfterIdle(destination, idleNanos);
      }
      return evict(destination, "stale");
    }
    return true;
  }

  /**
   * Whether a request with this method, once sent on a connection the server had closed, is retried by no one:
   * the libraries and the agent retry only idempotent methods whose body, if any, can be sent again.
   */
  public static boolean unretriable(String method, boolean repeatableBody) {
    return !repeatableBody || !HttpMethods.isIdempotent(method);
  }

  /**
   * From here to {@link #endUnretriableRequest}, the calling thread sends a request no one would retry: every idle
   * connection it is about to reuse is probed. Returns the state to restore (these scopes may nest).
   */
  public static Boolean beginUnretriableRequest() {
    Boolean outer = UNRETRIABLE.get();
    UNRETRIABLE.set(Boolean.TRUE);
    return outer;
  }

  public static void endUnretriableRequest(Boolean outer) {
    // a null value keeps the thread's entry: no allocation for the next request
    UNRETRIABLE.set(outer);
  }

  private boolean evict(Destination destination, String reason) {
    recorder.evicted(destination, reason);
    return false;
  }

  long idleLimitNanos(Destination destination, long keepAliveHintMillis, PoolSettings settings) {
    long limit = TimeUnit.MILLISECONDS.toNanos(settings.idleTimeoutMillis());
    long hint = TimeUnit.MILLISECONDS.toNanos(keepAliveHintMillis);
    if (hint > 0) {
      limit = Math.min(limit, hint - Math.max(MIN_HINT_MARGIN_NANOS, hint / 10));
    }
    Learned learned = learned(destination.server());
    return learned == null ? limit : Math.min(limit, learned.limitNanos);
  }

  private Learned learned(String server) {
    Learned learned = learnedLimits.get(server);
    if (learned != null && clock.getAsLong() - learned.learnedAtNanos > LEARNED_MEMORY_NANOS) {
      learnedLimits.remove(server, learned);
      return null;
    }
    return learned;
  }

  /**
   * The server closed a connection that sat idle this long: a request on it failed, or the probe found it
   * closed before reuse.
   */
  public void closedByServerAfterIdle(Destination destination, long idleNanos) {
    long proposed = Math.max(MIN_LEARNED_NANOS, idleNanos / 4 * 3);
    String server = destination.server();
    Learned previous;
    Learned next;
    do {
      previous = learned(server);
      if (previous != null && previous.limitNanos <= proposed) {
        return;
      }
      next = new Learned(proposed, clock.getAsLong());
    } while (previous == null ? learnedLimits.putIfAbsent(server, next) != null
        : !learnedLimits.replace(server, previous, next));
    log.info("{} closed a connection idle for {} ms; idle connections to it are now reused for at most {} ms",
        destination, TimeUnit.NANOSECONDS.toMillis(idleNanos), TimeUnit.NANOSECONDS.toMillis(proposed));
  }
}
